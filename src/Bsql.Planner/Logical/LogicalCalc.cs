using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Filter then project, the merged form of <see cref="LogicalFilter"/> and <see cref="LogicalProject"/>.</summary>
public sealed record LogicalCalc(LogicalNode Source, ImmutableArray<BoundExpr> Projections, BoundExpr? Condition, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"Calc(select=[{ExplainFormat.Projection(Projections, Source.Schema, Output)}]"
        + (Condition is null ? "" : $", where=[{ExprPrinter.Print(Condition, Source.Schema)}]") + ")";
}
