using System.Collections.Immutable;
using Bsql.Planner.Catalog;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Reads a table: its physical columns, then its computed columns; generates watermarks when it has one.</summary>
/// <param name="Table">The catalog table.</param>
/// <param name="Connector">The validated connector options.</param>
/// <param name="PhysicalSchema">The decoded columns.</param>
/// <param name="Computed">Computed columns over the physical columns.</param>
/// <param name="Watermark">The watermark over the output row, or null.</param>
/// <param name="Output">Physical then computed columns (the rowtime column marked).</param>
public sealed record LogicalScan(
    CatalogTable Table, ConnectorSpec Connector, RowSchema PhysicalSchema, ImmutableArray<BoundExpr> Computed, WatermarkSpec? Watermark, RowSchema Output)
    : LogicalNode
{
    /// <inheritdoc />
    public override ImmutableArray<LogicalNode> Inputs => ImmutableArray<LogicalNode>.Empty;

    /// <inheritdoc />
    public override RowSchema Schema => Output;

    /// <inheritdoc />
    public override LogicalNode WithInputs(ImmutableArray<LogicalNode> inputs) => this;

    /// <inheritdoc />
    public override string ExplainLine()
    {
        var text = $"TableSourceScan(table=[{Table.Name}], fields=[{ExplainFormat.Names(Output)}]";
        for (var i = 0; i < Computed.Length; i++)
        {
            text += $", computed=[{Output[PhysicalSchema.Count + i].Name} AS {ExprPrinter.Print(Computed[i], Output)}]";
        }
        if (Watermark is not null)
        {
            text += $", watermark=[{Output[Watermark.RowtimeIndex].Name}, {ExprPrinter.Print(Watermark.Expression, Output)}]";
        }
        return text + ")";
    }
}
