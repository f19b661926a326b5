using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;
using Npgsql;

namespace Bsql.Runtime.Connectors.Jdbc;

/// <summary>
/// Writes rows to PostgreSQL as upserts (<c>INSERT ... ON CONFLICT (pk) DO UPDATE SET c = EXCLUDED.c</c>), or plain
/// inserts for a table without primary key; a call sends all its rows in one <see cref="NpgsqlBatch"/> round trip,
/// in one transaction. Deletes go by primary key.
/// </summary>
public sealed class JdbcUpsertWriter : IUpsertWriter
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RowSchema _schema;
    private readonly int[] _primaryKey;
    private readonly string _upsertSql;
    private readonly string? _deleteSql;

    private JdbcUpsertWriter(NpgsqlDataSource dataSource, string tableName, RowSchema schema, int[] primaryKey)
    {
        _dataSource = dataSource;
        _schema = schema;
        _primaryKey = primaryKey;
        var table = JdbcSql.QuoteTable(tableName);
        var columns = schema.Fields.Select(f => JdbcSql.QuoteIdentifier(f.Name)).ToArray();
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => "$" + (i + 1))).Append(')');
        if (primaryKey.Length > 0)
        {
            sql.Append(" ON CONFLICT (").AppendJoin(", ", primaryKey.Select(k => columns[k])).Append(')');
            var updates = Enumerable.Range(0, columns.Length).Where(i => !primaryKey.Contains(i)).Select(i => $"{columns[i]} = EXCLUDED.{columns[i]}").ToArray();
            sql.Append(updates.Length == 0 ? " DO NOTHING" : " DO UPDATE SET " + string.Join(", ", updates));
            _deleteSql = $"DELETE FROM {table} WHERE " + string.Join(" AND ", primaryKey.Select((k, i) => $"{columns[k]} = ${i + 1}"));
        }
        _upsertSql = sql.ToString();
    }

    /// <summary>The statement each row runs.</summary>
    public string UpsertSql => _upsertSql;

    /// <summary>A writer for <paramref name="connector"/>'s table, upserting by <paramref name="primaryKey"/> (may be empty: inserts).</summary>
    public static JdbcUpsertWriter Create(ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> primaryKey)
    {
        var options = JdbcConnectorOptions.From(connector);
        return new JdbcUpsertWriter(NpgsqlDataSource.Create(options.ConnectionString), options.TableName, schema, primaryKey.ToArray());
    }

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        ExecuteAsync(rows, _upsertSql, Enumerable.Range(0, _schema.Count).ToArray(), cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        _deleteSql is null
            ? throw new InvalidOperationException("a jdbc sink without PRIMARY KEY cannot delete rows")
            : ExecuteAsync(rows, _deleteSql, _primaryKey, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task ExecuteAsync(IReadOnlyList<object?[]> rows, string sql, int[] columns, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in columns)
            {
                var type = _schema[column].Type;
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = JdbcSql.ParameterType(type), Value = JdbcSql.ParameterValue(row[column], type) });
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
