using System.Text.Json;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;
using StackExchange.Redis;

namespace Bsql.Runtime.Connectors.Redis;

/// <summary>
/// Looks rows up in Redis: one <c>MGET</c> per batch for <c>data-type = string</c> (JSON values), one pipelined
/// run of <c>HGETALL</c> per batch for <c>hash</c>. Key columns absent from a stored value are filled from the key.
/// </summary>
public sealed class RedisLookupClient : ILookupClient
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly RedisConnectorOptions _options;
    private readonly RedisKeyPattern _pattern;
    private readonly int[] _keyColumns;

    private RedisLookupClient(ConnectionMultiplexer connection, RedisConnectorOptions options, RowSchema schema, int[] keyColumns, RedisKeyPattern pattern)
    {
        _connection = connection;
        _options = options;
        _database = connection.GetDatabase(options.Database);
        _keyColumns = keyColumns;
        Schema = schema;
        _pattern = pattern;
    }

    /// <inheritdoc />
    public RowSchema Schema { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> KeyColumns => _keyColumns;

    /// <summary>Connects to the server of <paramref name="connector"/>'s <c>url</c>.</summary>
    public static async Task<RedisLookupClient> ConnectAsync(ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> keyColumns)
    {
        var options = RedisConnectorOptions.From(connector);
        // Compiled before connecting, so a bad pattern fails fast.
        var pattern = RedisKeyPattern.Compile(options.KeyPattern, keyColumns.Select(k => schema[k]).ToArray());
        var connection = await ConnectionMultiplexer.ConnectAsync(options.ToConfiguration()).ConfigureAwait(false);
        return new RedisLookupClient(connection, options, schema, keyColumns.ToArray(), pattern);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
    {
        var redisKeys = new RedisKey[keys.Count];
        for (var i = 0; i < keys.Count; i++) redisKeys[i] = _pattern.Format(keys[i]);
        var results = new IReadOnlyList<object?[]>[keys.Count];
        if (_options.DataType == RedisDataType.String)
        {
            var values = await _database.StringGetAsync(redisKeys).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Count; i++)
            {
                results[i] = values[i].IsNull ? LookupOutcome.NoRows : [DecodeJson(values[i], keys[i])];
            }
        }
        else
        {
            var batch = _database.CreateBatch();
            var pending = new Task<HashEntry[]>[keys.Count];
            for (var i = 0; i < keys.Count; i++) pending[i] = batch.HashGetAllAsync(redisKeys[i]);
            batch.Execute();
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Count; i++)
            {
                var entries = pending[i].Result;
                results[i] = entries.Length == 0 ? LookupOutcome.NoRows : [DecodeHash(entries, keys[i])];
            }
        }
        return results;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Without waiting for in-flight commands: 1.2.6's graceful close waits for QUIT's reply up to the sync timeout.
        await _connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        _connection.Dispose();
    }

    private object?[] DecodeJson(RedisValue value, object?[] key)
    {
        using var document = JsonDocument.Parse((byte[])value!);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"redis value of key {_pattern.Format(key)} is not a JSON object");
        }
        var row = LookupValueCodec.RowFromJson(document.RootElement, Schema);
        FillKey(row, key);
        return row;
    }

    private object?[] DecodeHash(HashEntry[] entries, object?[] key)
    {
        var row = new object?[Schema.Count];
        foreach (var entry in entries)
        {
            var column = Schema.IndexOf(entry.Name!);
            if (column >= 0 && !entry.Value.IsNull) row[column] = LookupValueCodec.ParseText(entry.Value!, Schema[column].Type);
        }
        FillKey(row, key);
        return row;
    }

    private void FillKey(object?[] row, object?[] key)
    {
        for (var i = 0; i < _keyColumns.Length; i++) row[_keyColumns[i]] ??= key[i];
    }
}
