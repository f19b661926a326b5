using System.Collections.Immutable;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>A row joined with the elements of a collection it holds (Flink's Correlate over UNNEST); see <see cref="UnnestSpec"/>.</summary>
public sealed record LogicalUnnest(LogicalNode Source, BoundExpr Collection, UnnestKind Kind, bool Outer, bool WithOrdinality, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"Unnest(collection=[{ExprPrinter.Print(Collection, Source.Schema)}], joinType=[{(Outer ? "LEFT" : "INNER")}]"
        + (WithOrdinality ? ", ordinality=[true]" : "")
        + $", select=[{string.Join(", ", Output.Fields.Select(f => f.Name))}])";
}
