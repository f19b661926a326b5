using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// A windowed aggregation (window TVF + GROUP BY window_start, window_end, or a group window). Emits
/// one final row per key and window when the watermark passes the window's end: group keys, then
/// aggregates, then <paramref name="Properties"/> in the given order. Append-only.
/// </summary>
public sealed record WindowAggregateSpec(
    WindowSpec Window,
    ImmutableArray<int> GroupKeys,
    ImmutableArray<AggregateCall> Aggregates,
    ImmutableArray<WindowProperty> Properties,
    AggregatePhase Phase) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(WindowAggregateSpec? other) =>
        other is not null && Window.Equals(other.Window) && Phase == other.Phase
        && GroupKeys.AsSpan().SequenceEqual(other.GroupKeys.AsSpan())
        && Aggregates.AsSpan().SequenceEqual(other.Aggregates.AsSpan())
        && Properties.AsSpan().SequenceEqual(other.Properties.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Window, GroupKeys.Length, Aggregates.Length);
}
