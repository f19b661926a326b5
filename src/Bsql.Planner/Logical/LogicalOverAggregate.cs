using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Aggregates over an OVER window: the input columns followed by one column per aggregate (see <see cref="OverAggregateSpec"/>).</summary>
public sealed record LogicalOverAggregate(LogicalNode Source, OverAggregateSpec Spec, RowSchema Output) : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() =>
        $"OverAggregate({(Spec.PartitionKeys.IsEmpty ? "" : $"partitionBy=[{ExplainFormat.Columns(Source.Schema, Spec.PartitionKeys)}], ")}"
        + $"orderBy=[{Source.Schema[Spec.TimeIndex].Name} ASC], window=[{Spec.DescribeFrame()}], "
        + $"select=[{string.Join(", ", Source.Schema.Fields.Select(f => f.Name).Concat(Spec.Aggregates.Select(a => ExplainFormat.Aggregate(a, Source.Schema))))}])";
}
