using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// A dimension-table join (<c>JOIN d FOR SYSTEM_TIME AS OF a.proc ON d.k = a.k</c>): for each input
/// row, looks up the rows of <paramref name="Table"/> whose <paramref name="KeyColumns"/> equal the
/// <paramref name="KeyExpressions"/> (over the input row), and emits input columns then
/// <paramref name="DimensionSchema"/> columns. <paramref name="Condition"/> is the remainder over
/// input ++ dimension. <paramref name="Connector"/> carries the lookup.* options. <paramref name="Unordered"/>: rows may
/// leave in lookup completion order (<c>table.exec.async-lookup.output-mode = ALLOW_UNORDERED</c> over an append-only
/// input); otherwise in input order.
/// </summary>
public sealed record LookupJoinSpec(
    JoinType Type,
    string Table,
    ConnectorSpec Connector,
    RowSchema DimensionSchema,
    ImmutableArray<int> KeyColumns,
    ImmutableArray<BoundExpr> KeyExpressions,
    BoundExpr? Condition,
    bool Unordered = false) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(LookupJoinSpec? other) =>
        other is not null && Type == other.Type && Table == other.Table && Connector.Equals(other.Connector)
        && DimensionSchema.Equals(other.DimensionSchema) && Equals(Condition, other.Condition) && Unordered == other.Unordered
        && KeyColumns.AsSpan().SequenceEqual(other.KeyColumns.AsSpan())
        && KeyExpressions.AsSpan().SequenceEqual(other.KeyExpressions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Table);
}
