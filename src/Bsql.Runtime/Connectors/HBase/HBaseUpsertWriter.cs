using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Writes rows to HBase through REST: one <c>PUT</c> of a cell set per call and cluster, cluster A then B (both hold
/// the table). Puts are idempotent, so a replay after a failure or a restart is harmless.
/// </summary>
public sealed class HBaseUpsertWriter : IUpsertWriter
{
    private readonly HBaseConnectorOptions _options;
    private readonly HBaseRowMapper _mapper;
    private readonly HBaseClusterRouter _router;

    /// <summary>A writer for <paramref name="options"/>'s table.</summary>
    public HBaseUpsertWriter(HBaseConnectorOptions options, RowSchema schema, LookupMetrics metrics, TimeProvider? time = null, HBaseRouterSettings? settings = null)
    {
        _options = options;
        _mapper = new HBaseRowMapper(schema, options.Encoding);
        _router = new HBaseClusterRouter(
            options.Clusters.Select(c => new HBaseRestClient(c.Key, c.Value)).ToArray(),
            HBaseRouting.Failover,
            (settings ?? new HBaseRouterSettings()) with { Timeout = options.Timeout * 10 },
            metrics,
            time);
    }

    /// <summary>Opens a writer for <paramref name="connector"/>'s options.</summary>
    public static HBaseUpsertWriter Create(ConnectorSpec connector, RowSchema schema, LookupMetrics metrics, TimeProvider? time = null) =>
        new(HBaseConnectorOptions.From(connector), schema, metrics, time);

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var encoded = rows.Select(_mapper.Encode).ToArray();
        var table = _options.TableName;
        return _router.ExecuteOnEachAsync((client, token) => client.PutAsync(table, encoded, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Select(row => _mapper.EncodeKey(row[_mapper.RowKeyColumn]!)).ToArray();
        var table = _options.TableName;
        return _router.ExecuteOnEachAsync(async (client, token) =>
        {
            foreach (var key in keys) await client.DeleteAsync(table, key, token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _router.Dispose();
        return ValueTask.CompletedTask;
    }
}
