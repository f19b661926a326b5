using System.Text.Json;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using StackExchange.Redis;

namespace Bsql.Runtime.Connectors.Redis;

/// <summary>
/// Writes rows to Redis, pipelined: <c>SET key json [EX ttl]</c> for <c>data-type = string</c>;
/// <c>HSET</c> of the non-NULL columns plus <c>HDEL</c> of the NULL ones (and <c>EXPIRE</c>) for <c>hash</c>.
/// The key comes from <c>key-pattern</c> over the row's columns (default: the primary key values joined by <c>:</c>).
/// </summary>
public sealed class RedisUpsertWriter : IUpsertWriter
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly RedisConnectorOptions _options;
    private readonly RedisKeyPattern _pattern;
    private readonly RowSchema _schema;

    private RedisUpsertWriter(ConnectionMultiplexer connection, RedisConnectorOptions options, RowSchema schema, RedisKeyPattern pattern)
    {
        _connection = connection;
        _options = options;
        _schema = schema;
        _pattern = pattern;
        _database = connection.GetDatabase(options.Database);
    }

    /// <summary>Connects to the server of <paramref name="connector"/>'s <c>url</c>; <paramref name="primaryKey"/> is the default key.</summary>
    public static async Task<RedisUpsertWriter> ConnectAsync(ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> primaryKey)
    {
        var options = RedisConnectorOptions.From(connector);
        RedisKeyPattern pattern;
        if (options.KeyPattern is null)
        {
            if (primaryKey.Count == 0) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "a redis sink needs a PRIMARY KEY or a 'key-pattern'");
            var keyFields = primaryKey.Select(k => schema[k]).ToArray();
            var keyPattern = string.Join(':', keyFields.Select(f => "{" + f.Name + "}"));
            pattern = RedisKeyPattern.Compile(keyPattern, schema.Fields);
        }
        else
        {
            pattern = RedisKeyPattern.Compile(options.KeyPattern, schema.Fields);
        }
        var connection = await ConnectionMultiplexer.ConnectAsync(options.ToConfiguration()).ConfigureAwait(false);
        return new RedisUpsertWriter(connection, options, schema, pattern);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var batch = _database.CreateBatch();
        var pending = new List<Task>(rows.Count * 2);
        foreach (var row in rows)
        {
            RedisKey key = _pattern.Format(row);
            if (_options.DataType == RedisDataType.String)
            {
                pending.Add(batch.StringSetAsync(key, EncodeJson(row), _options.SinkTtl));
                continue;
            }
            var set = new List<HashEntry>(row.Length);
            var unset = new List<RedisValue>();
            for (var i = 0; i < _schema.Count; i++)
            {
                if (row[i] is { } value) set.Add(new HashEntry(_schema[i].Name, LookupValueCodec.FormatText(value, _schema[i].Type)));
                else unset.Add(_schema[i].Name);
            }
            if (set.Count > 0) pending.Add(batch.HashSetAsync(key, set.ToArray()));
            if (unset.Count > 0) pending.Add(batch.HashDeleteAsync(key, unset.ToArray()));
            if (_options.SinkTtl is { } ttl) pending.Add(batch.KeyExpireAsync(key, ttl));
        }
        batch.Execute();
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Select(row => (RedisKey)_pattern.Format(row)).ToArray();
        if (keys.Length > 0) await _database.KeyDeleteAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Without waiting for in-flight commands: 1.2.6's graceful close waits for QUIT's reply up to the sync timeout.
        await _connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        _connection.Dispose();
    }

    private byte[] EncodeJson(object?[] row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < _schema.Count; i++)
            {
                writer.WritePropertyName(_schema[i].Name);
                LookupValueCodec.WriteJson(writer, row[i], _schema[i].Type);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
