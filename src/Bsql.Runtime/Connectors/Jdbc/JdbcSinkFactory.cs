using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.Jdbc;

/// <summary><c>'connector' = 'jdbc'</c> as a sink: <see cref="JdbcUpsertWriter"/> behind an <see cref="UpsertWriterSink"/>.</summary>
public sealed class JdbcSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "jdbc";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new UpsertWriterSink(context,
        c => new ValueTask<IUpsertWriter>(JdbcUpsertWriter.Create(c.Connector, c.Schema, c.Spec.PrimaryKey)));
}
