using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// <c>agg(...) OVER (PARTITION BY keys ORDER BY time [ROWS|RANGE] BETWEEN ... PRECEDING AND CURRENT ROW)</c>: every input
/// row is emitted once, in time order per partition, followed by the aggregates over its frame. Over event time a row waits
/// for the watermark to pass its time (rows already behind it are late: dropped and counted); over processing time it is
/// emitted on arrival. Append-only in and out.
/// </summary>
/// <param name="PartitionKeys">Input columns partitioning the rows (empty: one partition).</param>
/// <param name="TimeIndex">The ORDER BY column: the input's rowtime or proctime attribute.</param>
/// <param name="Rowtime">True when ordered by event time.</param>
/// <param name="Unit">ROWS or RANGE.</param>
/// <param name="Preceding">Rows (ROWS) or milliseconds (RANGE) before the current row in the frame; -1 for UNBOUNDED PRECEDING.</param>
/// <param name="Aggregates">The aggregates, appended to the input columns.</param>
public sealed record OverAggregateSpec(
    ImmutableArray<int> PartitionKeys, int TimeIndex, bool Rowtime, OverFrameUnit Unit, long Preceding, ImmutableArray<AggregateCall> Aggregates) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(OverAggregateSpec? other) =>
        other is not null && TimeIndex == other.TimeIndex && Rowtime == other.Rowtime && Unit == other.Unit && Preceding == other.Preceding
        && PartitionKeys.AsSpan().SequenceEqual(other.PartitionKeys.AsSpan()) && Aggregates.AsSpan().SequenceEqual(other.Aggregates.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TimeIndex, Unit, Preceding, PartitionKeys.Length, Aggregates.Length);

    /// <summary>The frame as SQL, e.g. <c>ROWS BETWEEN 2 PRECEDING AND CURRENT ROW</c>.</summary>
    public string DescribeFrame() => $"{(Unit == OverFrameUnit.Rows ? "ROWS" : "RANGE")} BETWEEN "
        + (Preceding < 0 ? "UNBOUNDED" : Unit == OverFrameUnit.Rows ? Preceding.ToString(System.Globalization.CultureInfo.InvariantCulture) : Explain.ExprPrinter.Duration(Preceding))
        + " PRECEDING AND CURRENT ROW";
}
