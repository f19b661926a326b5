namespace Bsql.Runtime.Connectors.Kafka;

/// <summary><c>'connector' = 'kafka'</c> as a sink.</summary>
public sealed class KafkaSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "kafka";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new KafkaSink(context);
}
