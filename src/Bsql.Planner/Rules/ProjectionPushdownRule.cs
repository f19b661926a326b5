using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// Prunes columns a projection over a regular or interval-candidate join never uses: each join input gets a
/// projection keeping only the columns the join condition and the projection read (event-time attributes are kept,
/// the special-join rules need them), so join state holds less.
/// </summary>
public sealed class ProjectionPushdownRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "ProjectionPushdown";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalProject { Source: LogicalJoin { Delayed: null, Lookup: false } join } project) return false;
        var used = new HashSet<int>();
        foreach (var p in project.Projections) Columns.Collect(p, used);
        if (join.Condition is not null) Columns.Collect(join.Condition, used);
        var leftCount = join.Left.Schema.Count;
        for (var i = 0; i < join.Output.Count; i++)
        {
            var type = i < leftCount ? join.Left.Schema[i].Type : join.Right.Schema[i - leftCount].Type;
            if (type.TimeAttribute == TimeAttribute.Rowtime) used.Add(i);
        }
        if (used.Count == join.Output.Count) return false;
        var leftUsed = used.Where(i => i < leftCount).Order().ToList();
        var rightUsed = used.Where(i => i >= leftCount).Select(i => i - leftCount).Order().ToList();
        if (leftUsed.Count == 0) leftUsed.Add(0);
        if (rightUsed.Count == 0) rightUsed.Add(0);
        var left = Prune(join.Left, leftUsed);
        var right = Prune(join.Right, rightUsed);
        var map = new Dictionary<int, int>();
        for (var i = 0; i < leftUsed.Count; i++) map[leftUsed[i]] = i;
        for (var i = 0; i < rightUsed.Count; i++) map[leftCount + rightUsed[i]] = leftUsed.Count + i;
        var output = new RowSchema([.. leftUsed.Select(i => join.Output[i]), .. rightUsed.Select(i => join.Output[leftCount + i])]);
        var newJoin = join with
        {
            Left = left,
            Right = right,
            Condition = join.Condition is null ? null : Columns.Remap(join.Condition, i => map[i]),
            Output = output,
        };
        result = project with { Source = newJoin, Projections = [.. project.Projections.Select(p => Columns.Remap(p, i => map[i]))] };
        return true;
    }

    private static LogicalNode Prune(LogicalNode input, List<int> keep)
    {
        if (keep.Count == input.Schema.Count) return input;
        return new LogicalProject(input, [.. keep.Select(i => (BoundExpr)new InputRef(i, input.Schema[i].Type))], new RowSchema([.. keep.Select(i => input.Schema[i])]));
    }
}
