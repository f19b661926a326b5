using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// A window join: both inputs are windowed alike and rows join only within the same window
/// (equal <c>window_start</c> and <c>window_end</c>, given by the start/end column indices of each
/// side). Emits when the watermark passes the window end; append-only; state freed per window.
/// <paramref name="LocalWindows"/>: the window bounds are on the session zone's wall clock (windows over TIMESTAMP_LTZ
/// or processing time), so a window end is converted to an instant before it is compared with the watermark.
/// </summary>
public sealed record WindowJoinSpec(
    JoinType Type,
    ImmutableArray<int> LeftKeys,
    ImmutableArray<int> RightKeys,
    int LeftWindowStart,
    int LeftWindowEnd,
    int RightWindowStart,
    int RightWindowEnd,
    BoundExpr? Condition,
    bool LocalWindows = false) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(WindowJoinSpec? other) =>
        other is not null && Type == other.Type && LeftWindowStart == other.LeftWindowStart && LeftWindowEnd == other.LeftWindowEnd
        && RightWindowStart == other.RightWindowStart && RightWindowEnd == other.RightWindowEnd && Equals(Condition, other.Condition) && LocalWindows == other.LocalWindows
        && LeftKeys.AsSpan().SequenceEqual(other.LeftKeys.AsSpan()) && RightKeys.AsSpan().SequenceEqual(other.RightKeys.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, LeftKeys.Length);
}
