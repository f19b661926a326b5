using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// An interval join: a left row <c>a</c> and a right row <c>b</c> with equal keys match when
/// <c>a.t + LowerBoundMs &lt;= b.t &lt;= a.t + UpperBoundMs</c> (event time). Append-only; rows
/// expire with the watermark, and outer sides are padded with NULLs on expiry.
/// </summary>
public sealed record IntervalJoinSpec(
    JoinType Type,
    ImmutableArray<int> LeftKeys,
    ImmutableArray<int> RightKeys,
    int LeftTimeIndex,
    int RightTimeIndex,
    long LowerBoundMs,
    long UpperBoundMs,
    BoundExpr? Condition) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(IntervalJoinSpec? other) =>
        other is not null && Type == other.Type && LeftTimeIndex == other.LeftTimeIndex && RightTimeIndex == other.RightTimeIndex
        && LowerBoundMs == other.LowerBoundMs && UpperBoundMs == other.UpperBoundMs && Equals(Condition, other.Condition)
        && LeftKeys.AsSpan().SequenceEqual(other.LeftKeys.AsSpan()) && RightKeys.AsSpan().SequenceEqual(other.RightKeys.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, LeftKeys.Length, LowerBoundMs, UpperBoundMs);
}
