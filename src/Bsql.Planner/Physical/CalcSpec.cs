using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Physical;

/// <summary>Filter then project: emits <paramref name="Projections"/> for each input row where <paramref name="Condition"/> is TRUE.</summary>
public sealed record CalcSpec(ImmutableArray<BoundExpr> Projections, BoundExpr? Condition) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(CalcSpec? other) =>
        other is not null && Equals(Condition, other.Condition) && Projections.AsSpan().SequenceEqual(other.Projections.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Projections.Length, Condition);
}
