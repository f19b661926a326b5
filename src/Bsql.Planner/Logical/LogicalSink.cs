using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Writes its input (already cast to the table's column types) into a table.</summary>
public sealed record LogicalSink(LogicalNode Source, CatalogTable Table, ConnectorSpec Connector, RowSchema TableSchema, ImmutableArray<int> PrimaryKey, SourceSpan Span)
    : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => [Source];

    /// <inheritdoc />
    public override RowSchema Schema => TableSchema;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this with { Source = inputs[0] };

    /// <inheritdoc />
    public override string ExplainLine() => $"Sink(table=[{Table.Name}], fields=[{ExplainFormat.Names(TableSchema)}])";
}
