using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Rules;

/// <summary>
/// With <c>'table.optimizer.distinct-agg.split.enabled' = 'true'</c> (or the <c>SKEW</c> hint), an aggregation with
/// <c>COUNT(DISTINCT x)</c> is computed in two levels: first per <c>(keys, MOD(HASH_CODE(x), buckets))</c>, then
/// summed per key, so one hot key's distinct values are spread over many workers.
/// </summary>
public sealed class DistinctSplitRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "DistinctSplit";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalAggregate { Phase: AggregatePhase.Single, Split: false } aggregate) return false;
        if (aggregate.SkewBuckets is null && !context.IsTrue("table.optimizer.distinct-agg.split.enabled")) return false;
        var distinct = aggregate.Aggregates.Where(a => a.Distinct).ToList();
        if (distinct.Count == 0 || distinct.Any(a => a.Args.Length != 1 || a.Args[0] != distinct[0].Args[0] || a.Function is not (AggregateFunction.Count or AggregateFunction.Sum))) return false;
        if (aggregate.Aggregates.Any(a => !a.Distinct && a.Function is not (AggregateFunction.CountStar or AggregateFunction.Count or AggregateFunction.Sum or AggregateFunction.Sum0 or AggregateFunction.Min or AggregateFunction.Max))) return false;
        var buckets = aggregate.SkewBuckets
            ?? (int.TryParse(context.Get("table.optimizer.distinct-agg.split.bucket-num"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) && b > 0 ? b : 1024);

        var input = aggregate.Source;
        var column = distinct[0].Args[0];
        var hash = new Call("HASH_CODE", [new InputRef(column, input.Schema[column].Type)], SqlType.Int.WithNullable(false));
        var bucket = new Call("MOD", [hash, new Literal(buckets, SqlType.Int.WithNullable(false))], SqlType.Int.WithNullable(false));
        var withBucket = new LogicalProject(input,
            [.. input.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type)), bucket],
            input.Schema.Concat(new RowSchema([new RowField("$bucket", SqlType.Int.WithNullable(false))])));
        var bucketIndex = input.Schema.Count;
        var keys = aggregate.GroupKeys.Length;
        var innerKeys = aggregate.GroupKeys.Add(bucketIndex);
        var innerSchema = new RowSchema([
            .. aggregate.GroupKeys.Select(k => input.Schema[k] with { Type = input.Schema[k].Type.WithoutTimeAttribute() }),
            new RowField("$bucket", SqlType.Int.WithNullable(false)),
            .. aggregate.Aggregates.Select((a, j) => aggregate.Output[keys + j]),
        ]);
        var inner = new LogicalAggregate(withBucket, innerKeys, aggregate.Aggregates, AggregatePhase.Single, innerSchema) { Split = true };
        var outerCalls = aggregate.Aggregates.Select((a, j) => a with
        {
            Function = a.Function switch
            {
                AggregateFunction.CountStar or AggregateFunction.Count or AggregateFunction.Sum0 => AggregateFunction.Sum0,
                var f => f,
            },
            Args = [keys + 1 + j],
            Distinct = false,
            FilterIndex = -1,
        }).ToImmutableArray();
        result = new LogicalAggregate(inner, [.. Enumerable.Range(0, keys)], outerCalls, AggregatePhase.Single, aggregate.Output, aggregate.SkewBuckets) { Split = true };
        return true;
    }
}
