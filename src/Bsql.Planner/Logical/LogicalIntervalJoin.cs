using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>An interval join: equal keys and <c>l.t + Lower &lt;= r.t &lt;= l.t + Upper</c> over event time.</summary>
public sealed record LogicalIntervalJoin(
    LogicalNode Left, LogicalNode Right, JoinType Type, ImmutableArray<int> LeftKeys, ImmutableArray<int> RightKeys,
    int LeftTimeIndex, int RightTimeIndex, long LowerBoundMs, long UpperBoundMs, BoundExpr? Condition, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Left, Right];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Left = inputs[0], Right = inputs[1] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"IntervalJoin(joinType=[{ExplainFormat.JoinType(Type)}], keys=[{JoinKeys.Describe(Left.Schema, Right.Schema, LeftKeys, RightKeys)}], "
        + $"bounds=[{Output[Left.Schema.Count + RightTimeIndex].Name} - {Output[LeftTimeIndex].Name} BETWEEN {LowerBoundMs}ms AND {UpperBoundMs}ms]"
        + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Output)}]")
        + $", select=[{ExplainFormat.Names(Output)}])";
}
