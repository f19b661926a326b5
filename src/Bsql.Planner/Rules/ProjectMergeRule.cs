using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// <c>Project(p2, Project(p1, x))</c> → <c>Project(p2 ∘ p1, x)</c> (when p1's used expressions are deterministic), and
/// removes projections that return their input unchanged.
/// </summary>
public sealed class ProjectMergeRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "ProjectMerge";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalProject outer) return false;
        if (outer.Projections.Length == outer.Source.Schema.Count
            && outer.Projections.Select((p, i) => p is Expressions.InputRef r && r.Index == i).All(b => b))
        {
            result = outer.Source;
            return true;
        }
        if (outer.Source is not LogicalProject inner) return false;
        var used = new HashSet<int>();
        foreach (var p in outer.Projections) Columns.Collect(p, used);
        if (used.Any(i => !Columns.IsDeterministic(inner.Projections[i]))) return false;
        result = new LogicalProject(inner.Source, [.. outer.Projections.Select(p => Columns.Inline(p, inner.Projections))], outer.Output);
        return true;
    }
}
