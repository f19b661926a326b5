namespace Bsql.Runtime.Connectors.Kafka;

/// <summary><c>'connector' = 'kafka'</c> as a source.</summary>
public sealed class KafkaSourceFactory : ISourceFactory
{
    /// <inheritdoc />
    public string Connector => "kafka";

    /// <inheritdoc />
    public ISource CreateSource(SourceContext context) => new KafkaSource(context);
}
