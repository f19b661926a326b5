using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary><c>'connector' = 'hbase'</c> as a sink: <see cref="HBaseUpsertWriter"/> (cluster A then B) behind an <see cref="UpsertWriterSink"/>.</summary>
public sealed class HBaseSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "hbase";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new UpsertWriterSink(context,
        c => new ValueTask<IUpsertWriter>(HBaseUpsertWriter.Create(c.Connector, c.Schema, new LookupMetrics(c.Table), c.Time)));
}
