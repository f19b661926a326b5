using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Looks rows up in HBase through the REST endpoints of one or two clusters: one multi-get per batch, routed by
/// <see cref="HBaseClusterRouter"/>. The key is the row key column.
/// </summary>
public sealed class HBaseLookupClient : ILookupClient
{
    private readonly HBaseConnectorOptions _options;
    private readonly HBaseRowMapper _mapper;
    private readonly int[] _keyColumns;

    /// <summary>A client for <paramref name="options"/>; <paramref name="settings"/> tunes the router (null: defaults).</summary>
    public HBaseLookupClient(HBaseConnectorOptions options, RowSchema schema, IReadOnlyList<int> keyColumns, LookupMetrics metrics,
        TimeProvider? time = null, HBaseRouterSettings? settings = null)
    {
        _options = options;
        _mapper = new HBaseRowMapper(schema, options.Encoding);
        if (keyColumns.Count != 1 || keyColumns[0] != _mapper.RowKeyColumn)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"an hbase table is looked up by its row key '{schema[_mapper.RowKeyColumn].Name}' only");
        }
        _keyColumns = keyColumns.ToArray();
        Schema = schema;
        Router = new HBaseClusterRouter(
            options.Clusters.Select(c => new HBaseRestClient(c.Key, c.Value)).ToArray(),
            options.Routing,
            (settings ?? new HBaseRouterSettings()) with { Timeout = options.Timeout },
            metrics,
            time);
    }

    /// <summary>Opens a client for <paramref name="connector"/>'s options.</summary>
    public static HBaseLookupClient Create(ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> keyColumns, LookupMetrics metrics, TimeProvider? time = null) =>
        new(HBaseConnectorOptions.From(connector), schema, keyColumns, metrics, time);

    /// <inheritdoc />
    public RowSchema Schema { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> KeyColumns => _keyColumns;

    /// <summary>The router (its share and circuit states are observable).</summary>
    public HBaseClusterRouter Router { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
    {
        var results = new IReadOnlyList<object?[]>[keys.Count];
        var rowKeys = new List<byte[]>(keys.Count);
        var positions = new Dictionary<string, List<int>>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            results[i] = LookupOutcome.NoRows;
            if (keys[i][0] is not { } key) continue;
            var bytes = _mapper.EncodeKey(key);
            var id = Convert.ToBase64String(bytes);
            if (!positions.TryGetValue(id, out var at))
            {
                positions[id] = at = [];
                rowKeys.Add(bytes);
            }
            at.Add(i);
        }
        if (rowKeys.Count == 0) return results;
        var table = _options.TableName;
        var rows = await Router.ExecuteAsync((client, token) => client.MultiGetAsync(table, rowKeys, token), cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (!positions.TryGetValue(Convert.ToBase64String(row.Key), out var at)) continue;
            object?[][] decoded = [_mapper.Decode(row)];
            foreach (var i in at) results[i] = decoded;
        }
        return results;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Router.Dispose();
        return ValueTask.CompletedTask;
    }
}
