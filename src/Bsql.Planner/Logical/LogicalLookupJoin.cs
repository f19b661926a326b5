using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// A dimension-table join: for each input row, looks up the <paramref name="Dimension"/> table's rows whose
/// <paramref name="KeyColumns"/> equal <paramref name="KeyExpressions"/>; output is input then dimension columns.
/// </summary>
public sealed record LogicalLookupJoin(
    LogicalNode Source, LogicalScan Dimension, JoinType Type, ImmutableArray<int> KeyColumns, ImmutableArray<BoundExpr> KeyExpressions,
    BoundExpr? Condition, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"LookupJoin(table=[{Dimension.Table.Name}], joinType=[{ExplainFormat.JoinType(Type)}], lookup=[{string.Join(", ", KeyColumns.Select((k, i) => $"{Dimension.Schema[k].Name}={ExprPrinter.Print(KeyExpressions[i], Source.Schema)}"))}]"
        + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Output)}]")
        + $", select=[{ExplainFormat.Names(Output)}])";
}
