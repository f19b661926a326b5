using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// Turns filters and projections into Calcs and merges adjacent Calcs (one operator per chain), dropping Calcs that
/// neither filter nor change their input.
/// </summary>
public sealed class CalcMergeRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "CalcMerge";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        switch (node)
        {
            case LogicalFilter f:
                result = new LogicalCalc(f.Source, [.. f.Source.Schema.Fields.Select((field, i) => (BoundExpr)new InputRef(i, field.Type))], f.Condition, f.Source.Schema);
                return true;
            case LogicalProject p:
                result = new LogicalCalc(p.Source, p.Projections, null, p.Output);
                return true;
            case LogicalCalc { Source: LogicalCalc inner } outer:
            {
                var used = new HashSet<int>();
                foreach (var e in outer.Projections) Columns.Collect(e, used);
                if (outer.Condition is not null) Columns.Collect(outer.Condition, used);
                if (used.Any(i => !Columns.IsDeterministic(inner.Projections[i]))) return false;
                var condition = Conjuncts.Combine(inner.Condition, outer.Condition is null ? null : Columns.Inline(outer.Condition, inner.Projections));
                result = new LogicalCalc(inner.Source, [.. outer.Projections.Select(e => Columns.Inline(e, inner.Projections))], condition, outer.Output);
                return true;
            }
            case LogicalCalc { Condition: null } identity when identity.Projections.Length == identity.Source.Schema.Count
                && identity.Projections.Select((e, i) => e is InputRef r && r.Index == i).All(b => b):
                result = identity.Source;
                return true;
            default:
                return false;
        }
    }
}
