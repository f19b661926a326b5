using System.Collections.Immutable;

namespace Bsql.Planner.Physical;

/// <summary>
/// An edge from operator <paramref name="Source"/> to input number <paramref name="TargetInput"/> of
/// operator <paramref name="Target"/> (0 = left / only input, 1 = right).
/// </summary>
/// <param name="Keys">For <see cref="EdgeKind.Hash"/>: the columns of the source's output that choose the subtask.</param>
public sealed record PhysicalEdge(int Source, int Target, int TargetInput, EdgeKind Kind, ImmutableArray<int> Keys)
{
    /// <inheritdoc />
    public bool Equals(PhysicalEdge? other) =>
        other is not null && Source == other.Source && Target == other.Target && TargetInput == other.TargetInput
        && Kind == other.Kind && Keys.AsSpan().SequenceEqual(other.Keys.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Source, Target, TargetInput, Kind);
}
