using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Connectors.Jdbc;
using Bsql.Runtime.Connectors.Redis;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Lookup;

/// <summary>Opens the <see cref="ILookupClient"/> and <see cref="IUpsertWriter"/> of a table by its connector name.</summary>
public static class LookupClientFactory
{
    /// <summary>The lookup client of <paramref name="table"/> (<c>redis</c>, <c>hbase</c> or <c>jdbc</c>).</summary>
    /// <exception cref="BsqlRuntimeException">The connector cannot serve lookups or its options are malformed.</exception>
    public static async ValueTask<ILookupClient> CreateAsync(string table, ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> keyColumns,
        LookupMetrics metrics, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (connector.Connector.ToLowerInvariant())
        {
            case "hbase":
                var hbase = HBaseLookupClient.Create(connector, schema, keyColumns, metrics, time);
                await hbase.Router.WarmUpAsync(cancellationToken).ConfigureAwait(false);
                return hbase;
            default:
                break;
        }
        return connector.Connector.ToLowerInvariant() switch
        {
            "redis" => await RedisLookupClient.ConnectAsync(connector, schema, keyColumns).ConfigureAwait(false),
            "jdbc" => JdbcLookupClient.Create(connector, schema, keyColumns),
            var other => throw new BsqlRuntimeException(RuntimeErrors.UnknownConnector, $"table '{table}' uses connector '{other}', which cannot serve lookups (use redis, hbase or jdbc)"),
        };
    }

    /// <summary>The upsert writer of a sink table (<c>redis</c>, <c>hbase</c> or <c>jdbc</c>), or null for another connector.</summary>
    /// <exception cref="BsqlRuntimeException">The options are malformed.</exception>
    public static async ValueTask<IUpsertWriter?> CreateWriterAsync(SinkSpec sink, TimeProvider? time = null)
    {
        return sink.Connector.Connector.ToLowerInvariant() switch
        {
            "redis" => await RedisUpsertWriter.ConnectAsync(sink.Connector, sink.Schema, sink.PrimaryKey).ConfigureAwait(false),
            "hbase" => HBaseUpsertWriter.Create(sink.Connector, sink.Schema, new LookupMetrics(sink.Table), time),
            "jdbc" => JdbcUpsertWriter.Create(sink.Connector, sink.Schema, sink.PrimaryKey),
            _ => null,
        };
    }
}
