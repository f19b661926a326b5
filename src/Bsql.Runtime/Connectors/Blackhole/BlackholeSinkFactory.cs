namespace Bsql.Runtime.Connectors.Blackhole;

/// <summary><c>'connector' = 'blackhole'</c>: swallows rows (the operator's metrics count them).</summary>
public sealed class BlackholeSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "blackhole";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new BlackholeSink();
}
