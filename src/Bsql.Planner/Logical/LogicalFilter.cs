using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Keeps the rows where <paramref name="Condition"/> is TRUE.</summary>
public sealed record LogicalFilter(LogicalNode Source, BoundExpr Condition) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Source.Schema;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() => $"Filter(condition=[{ExprPrinter.Print(Condition, Source.Schema)}])";
}
