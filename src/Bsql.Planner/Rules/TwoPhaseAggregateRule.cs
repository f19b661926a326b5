using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;

namespace Bsql.Planner.Rules;

/// <summary>
/// With <c>'table.optimizer.agg-phase-strategy' = 'TWO_PHASE'</c> or the <c>SKEW</c> hint, a keyed aggregation of
/// mergeable aggregates (COUNT, SUM, SUM0, AVG, MIN, MAX, APPROX_COUNT_DISTINCT, no DISTINCT) is split into a local
/// pre-aggregation before the exchange and a global merge after it. The local phase's output is keys then one
/// partial accumulator per aggregate; the global phase's aggregate j reads partial column <c>keys + j</c>.
/// </summary>
public sealed class TwoPhaseAggregateRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "TwoPhaseAggregate";

    private static readonly HashSet<AggregateFunction> Mergeable =
    [
        AggregateFunction.CountStar, AggregateFunction.Count, AggregateFunction.Sum, AggregateFunction.Sum0, AggregateFunction.Avg,
        AggregateFunction.Min, AggregateFunction.Max, AggregateFunction.ApproxCountDistinct,
    ];

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalAggregate { Phase: AggregatePhase.Single } aggregate || aggregate.Aggregates.IsEmpty) return false;
        var wanted = aggregate.SkewBuckets is not null
            || string.Equals(context.Get("table.optimizer.agg-phase-strategy"), "TWO_PHASE", StringComparison.OrdinalIgnoreCase);
        if (!wanted || aggregate.Aggregates.Any(a => a.Distinct || !Mergeable.Contains(a.Function))) return false;
        var local = aggregate with { Phase = AggregatePhase.Local };
        var keys = aggregate.GroupKeys.Length;
        var globalCalls = aggregate.Aggregates.Select((a, j) => a with { Args = [keys + j], FilterIndex = -1 }).ToImmutableArray();
        result = new LogicalAggregate(local, [.. Enumerable.Range(0, keys)], globalCalls, AggregatePhase.Global, aggregate.Output) { Split = aggregate.Split };
        return true;
    }
}
