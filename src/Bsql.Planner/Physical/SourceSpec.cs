using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// Reads a table. The source decodes <paramref name="PhysicalSchema"/> columns with the connector's
/// format, appends <paramref name="ComputedColumns"/> (evaluated over the physical columns; this is
/// where <c>PROCTIME()</c> columns live), and generates watermarks per source partition when
/// <paramref name="Watermark"/> is set. Its output is physical columns then computed columns.
/// </summary>
public sealed record SourceSpec(
    string Table,
    ConnectorSpec Connector,
    RowSchema PhysicalSchema,
    ImmutableArray<BoundExpr> ComputedColumns,
    WatermarkSpec? Watermark) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(SourceSpec? other) =>
        other is not null && Table == other.Table && Connector.Equals(other.Connector) && PhysicalSchema.Equals(other.PhysicalSchema)
        && ComputedColumns.AsSpan().SequenceEqual(other.ComputedColumns.AsSpan()) && Equals(Watermark, other.Watermark);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Table, Connector);
}
