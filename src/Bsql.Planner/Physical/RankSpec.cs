using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// Top-N per partition (<c>ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) &lt;= N</c>), including
/// deduplication (N = 1) and the window Top-N shape (partition keys include window_start/window_end,
/// then rows are emitted once, when the window closes, if <paramref name="WindowEndIndex"/> is set).
/// Emits the input columns, plus the rank number when <paramref name="OutputRank"/>. <paramref name="LocalWindows"/>: the
/// window end is on the session zone's wall clock (windows over TIMESTAMP_LTZ or processing time).
/// </summary>
public sealed record RankSpec(
    ImmutableArray<int> PartitionKeys, ImmutableArray<SortKey> OrderBy, long Limit, bool OutputRank, int? WindowEndIndex, bool LocalWindows = false) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(RankSpec? other) =>
        other is not null && Limit == other.Limit && OutputRank == other.OutputRank && WindowEndIndex == other.WindowEndIndex && LocalWindows == other.LocalWindows
        && PartitionKeys.AsSpan().SequenceEqual(other.PartitionKeys.AsSpan()) && OrderBy.AsSpan().SequenceEqual(other.OrderBy.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PartitionKeys.Length, Limit);
}
