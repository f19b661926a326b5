using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using Npgsql;

namespace Bsql.Runtime.Connectors.Jdbc;

/// <summary>
/// Looks rows up in PostgreSQL, one statement per batch: <c>SELECT cols FROM t WHERE k = ANY(@k0)</c>, or for a
/// composite key <c>WHERE (k1, k2) IN (SELECT * FROM unnest(@k0, @k1))</c>. Key values only travel as typed
/// array parameters; identifiers come from the schema, quoted. A key may match several rows.
/// </summary>
public sealed class JdbcLookupClient : ILookupClient
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int[] _keyColumns;
    private readonly string _sql;

    private JdbcLookupClient(NpgsqlDataSource dataSource, string tableName, RowSchema schema, int[] keyColumns)
    {
        _dataSource = dataSource;
        _keyColumns = keyColumns;
        Schema = schema;
        _sql = BuildSql(tableName, schema, keyColumns);
    }

    /// <inheritdoc />
    public RowSchema Schema { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> KeyColumns => _keyColumns;

    /// <summary>The statement each batch runs.</summary>
    public string Sql => _sql;

    /// <summary>A client for <paramref name="connector"/>'s database and table (connections are opened per batch, from a pool).</summary>
    public static JdbcLookupClient Create(ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> keyColumns)
    {
        var options = JdbcConnectorOptions.From(connector);
        if (keyColumns.Count == 0) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "a jdbc lookup needs at least one key column");
        return new JdbcLookupClient(NpgsqlDataSource.Create(options.ConnectionString), options.TableName, schema, keyColumns.ToArray());
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
    {
        var results = new IReadOnlyList<object?[]>[keys.Count];
        var positions = new Dictionary<LookupKey, int>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            results[i] = LookupOutcome.NoRows;
            var key = new LookupKey(keys[i]);
            if (!key.HasNull) positions.TryAdd(key, i);
        }
        if (positions.Count == 0) return results;

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql, connection);
        var keyList = positions.Keys.ToArray();
        for (var k = 0; k < _keyColumns.Length; k++)
        {
            var type = Schema[_keyColumns[k]].Type;
            var values = new object?[keyList.Length];
            for (var i = 0; i < keyList.Length; i++) values[i] = keyList[i].Values[k];
            command.Parameters.Add(new NpgsqlParameter("k" + k, NpgsqlTypes.NpgsqlDbType.Array | JdbcSql.ParameterType(type))
            {
                Value = JdbcSql.ParameterArray(values, type),
            });
        }

        var found = new Dictionary<int, List<object?[]>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[Schema.Count];
            for (var c = 0; c < row.Length; c++) row[c] = LookupValueCodec.Coerce(reader.GetValue(c), Schema[c].Type);
            var rowKey = new object?[_keyColumns.Length];
            for (var k = 0; k < rowKey.Length; k++) rowKey[k] = row[_keyColumns[k]];
            if (!positions.TryGetValue(new LookupKey(rowKey), out var position)) continue;
            if (!found.TryGetValue(position, out var rows)) found[position] = rows = new List<object?[]>(1);
            rows.Add(row);
        }
        foreach (var (position, rows) in found) results[position] = rows;
        return results;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string BuildSql(string tableName, RowSchema schema, int[] keyColumns)
    {
        var sql = new StringBuilder("SELECT ");
        sql.AppendJoin(", ", schema.Fields.Select(f => JdbcSql.QuoteIdentifier(f.Name)));
        sql.Append(" FROM ").Append(JdbcSql.QuoteTable(tableName)).Append(" WHERE ");
        if (keyColumns.Length == 1)
        {
            sql.Append(JdbcSql.QuoteIdentifier(schema[keyColumns[0]].Name)).Append(" = ANY(@k0)");
        }
        else
        {
            sql.Append('(').AppendJoin(", ", keyColumns.Select(k => JdbcSql.QuoteIdentifier(schema[k].Name)))
                .Append(") IN (SELECT * FROM unnest(").AppendJoin(", ", keyColumns.Select((_, i) => "@k" + i)).Append("))");
        }
        return sql.ToString();
    }
}
