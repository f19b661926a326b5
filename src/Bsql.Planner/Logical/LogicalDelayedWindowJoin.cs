using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>The delayed window join (SJoin) with its keys and event-time columns resolved.</summary>
public sealed record LogicalDelayedWindowJoin(
    LogicalNode Left, LogicalNode Right, ImmutableArray<int> LeftKeys, ImmutableArray<int> RightKeys, int LeftTimeIndex, int RightTimeIndex,
    DelayedJoinWindow Window, BoundExpr? Condition, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Left, Right];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Left = inputs[0], Right = inputs[1] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"DelayedWindowJoin(joinType=[{(Window.Global ? "LeftGlobalJoin" : "LeftOuterJoin")}], keys=[{JoinKeys.Describe(Left.Schema, Right.Schema, LeftKeys, RightKeys)}], "
        + $"time=[{Output[LeftTimeIndex].Name}, {Output[Left.Schema.Count + RightTimeIndex].Name}], window=[{ExprPrinter.Duration(Window.WindowMs)}], delay=[{ExprPrinter.Duration(Window.DelayMs)}]"
        + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Output)}]")
        + $", select=[{ExplainFormat.Names(Output)}])";
}
