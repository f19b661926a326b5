using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// Writes rows to a table. An update stream is written as upserts by <paramref name="PrimaryKey"/>
/// when the table has one, else as a changelog the connector can represent (or refused by the binder).
/// </summary>
public sealed record SinkSpec(string Table, ConnectorSpec Connector, RowSchema Schema, ImmutableArray<int> PrimaryKey) : OperatorSpec
{
    /// <inheritdoc />
    public bool Equals(SinkSpec? other) =>
        other is not null && Table == other.Table && Connector.Equals(other.Connector) && Schema.Equals(other.Schema)
        && PrimaryKey.AsSpan().SequenceEqual(other.PrimaryKey.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Table, Connector);
}
