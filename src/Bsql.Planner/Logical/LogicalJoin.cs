using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>
/// A join as the binder builds it: output is the left columns then the right ones, <paramref name="Condition"/> over
/// both. Rules turn it into a special join: interval (time bounds), window (equal windows), delayed window
/// (<paramref name="Delayed"/> set) or lookup (<paramref name="Lookup"/>: the right is a dimension table scan).
/// </summary>
public sealed record LogicalJoin(
    LogicalNode Left, LogicalNode Right, JoinType Type, BoundExpr? Condition, RowSchema Output, DelayedJoinWindow? Delayed, bool Lookup, SourceSpan Span)
    : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Left, Right];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Left = inputs[0], Right = inputs[1] };

    /// <inheritdoc />
    public override string ExplainLine()
    {
        var kind = Delayed is not null ? "DelayedWindowJoin" : Lookup ? "LookupJoin" : "Join";
        return $"{kind}(joinType=[{ExplainFormat.JoinType(Type)}]"
            + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Output)}]")
            + $", select=[{ExplainFormat.Names(Output)}])";
    }
}
