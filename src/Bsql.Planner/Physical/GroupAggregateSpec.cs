using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// An unbounded GROUP BY aggregation: keeps one accumulator per key and emits an update stream
/// (group keys then aggregates). State idle longer than <paramref name="StateTtlMs"/> is dropped.
/// </summary>
public sealed record GroupAggregateSpec(
    ImmutableArray<int> GroupKeys,
    ImmutableArray<AggregateCall> Aggregates,
    AggregatePhase Phase,
    long? StateTtlMs) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(GroupAggregateSpec? other) =>
        other is not null && Phase == other.Phase && StateTtlMs == other.StateTtlMs
        && GroupKeys.AsSpan().SequenceEqual(other.GroupKeys.AsSpan())
        && Aggregates.AsSpan().SequenceEqual(other.Aggregates.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GroupKeys.Length, Aggregates.Length, Phase);
}
