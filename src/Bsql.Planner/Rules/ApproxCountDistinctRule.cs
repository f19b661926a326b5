using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;

namespace Bsql.Planner.Rules;

/// <summary>
/// <c>APPROX_COUNT_DISTINCT(DISTINCT x)</c> is a HyperLogLog sketch like <c>APPROX_COUNT_DISTINCT(x)</c>: the
/// DISTINCT (which would keep every value in state) is dropped, so the aggregate stays a mergeable sketch
/// (and can be pre-aggregated in two phases).
/// </summary>
public sealed class ApproxCountDistinctRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "ApproxCountDistinct";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        static bool Distinct(AggregateCall a) => a.Function == AggregateFunction.ApproxCountDistinct && a.Distinct;
        switch (node)
        {
            case LogicalAggregate g when g.Aggregates.Any(Distinct):
                result = g with { Aggregates = [.. g.Aggregates.Select(a => Distinct(a) ? a with { Distinct = false } : a)] };
                return true;
            case LogicalWindowAggregate w when w.Aggregates.Any(Distinct):
                result = w with { Aggregates = [.. w.Aggregates.Select(a => Distinct(a) ? a with { Distinct = false } : a)] };
                return true;
            default:
                return false;
        }
    }
}
