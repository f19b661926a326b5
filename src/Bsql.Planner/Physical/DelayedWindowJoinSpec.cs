using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>
/// The delayed window join (SJoin), <c>a LEFT[(GLOBAL)] W WINDOW AND D DELAY JOIN b ON ...</c>: a right
/// row <c>b</c> matches a left row <c>a</c> when keys are equal, <paramref name="Condition"/> holds
/// and <c>a.t &lt;= b.t &lt; a.t + W</c>; the output for <c>a</c> (one row per match, or one NULL-padded
/// row) is emitted once the watermark reaches <c>a.t + W + D</c>. Append-only. See the language
/// spec, "The delayed window join".
/// </summary>
public sealed record DelayedWindowJoinSpec(
    ImmutableArray<int> LeftKeys,
    ImmutableArray<int> RightKeys,
    int LeftTimeIndex,
    int RightTimeIndex,
    long WindowMs,
    long DelayMs,
    bool Global,
    BoundExpr? Condition,
    LateRowPolicy LateRows) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(DelayedWindowJoinSpec? other) =>
        other is not null && LeftTimeIndex == other.LeftTimeIndex && RightTimeIndex == other.RightTimeIndex && WindowMs == other.WindowMs
        && DelayMs == other.DelayMs && Global == other.Global && Equals(Condition, other.Condition) && LateRows == other.LateRows
        && LeftKeys.AsSpan().SequenceEqual(other.LeftKeys.AsSpan()) && RightKeys.AsSpan().SequenceEqual(other.RightKeys.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LeftKeys.Length, WindowMs, DelayMs, Global);
}
