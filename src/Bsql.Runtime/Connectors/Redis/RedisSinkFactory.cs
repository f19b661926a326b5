using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.Redis;

/// <summary><c>'connector' = 'redis'</c> as a sink: <see cref="RedisUpsertWriter"/> behind an <see cref="UpsertWriterSink"/>.</summary>
public sealed class RedisSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "redis";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new UpsertWriterSink(context,
        async c => await RedisUpsertWriter.ConnectAsync(c.Connector, c.Schema, c.Spec.PrimaryKey).ConfigureAwait(false));
}
