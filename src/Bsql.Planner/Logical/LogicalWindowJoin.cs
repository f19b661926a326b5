using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>A window join: both inputs carry the same windows; rows join within one window.</summary>
public sealed record LogicalWindowJoin(
    LogicalNode Left, LogicalNode Right, JoinType Type, ImmutableArray<int> LeftKeys, ImmutableArray<int> RightKeys,
    int LeftWindowStart, int LeftWindowEnd, int RightWindowStart, int RightWindowEnd, BoundExpr? Condition, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Left, Right];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Left = inputs[0], Right = inputs[1] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"WindowJoin(joinType=[{ExplainFormat.JoinType(Type)}], keys=[{JoinKeys.Describe(Left.Schema, Right.Schema, LeftKeys, RightKeys)}], "
        + $"leftWindow=[{Left.Schema[LeftWindowStart].Name}, {Left.Schema[LeftWindowEnd].Name}], rightWindow=[{Right.Schema[RightWindowStart].Name}, {Right.Schema[RightWindowEnd].Name}]"
        + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Output)}]")
        + $", select=[{ExplainFormat.Names(Output)}])";
}
