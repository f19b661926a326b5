using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// A regular streaming join on equal keys: keeps both sides (idle state dropped after
/// <paramref name="StateTtlMs"/>) and emits an update stream of left columns then right columns.
/// <paramref name="Condition"/> is the non-equi remainder over left ++ right.
/// </summary>
public sealed record JoinSpec(
    JoinType Type, ImmutableArray<int> LeftKeys, ImmutableArray<int> RightKeys, BoundExpr? Condition, long? StateTtlMs) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(JoinSpec? other) =>
        other is not null && Type == other.Type && Equals(Condition, other.Condition) && StateTtlMs == other.StateTtlMs
        && LeftKeys.AsSpan().SequenceEqual(other.LeftKeys.AsSpan()) && RightKeys.AsSpan().SequenceEqual(other.RightKeys.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, LeftKeys.Length);
}
