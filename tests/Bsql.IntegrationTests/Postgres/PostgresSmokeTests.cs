using Bsql.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bsql.IntegrationTests.Postgres;

/// <summary>Proves the PostgreSQL plumbing: Npgsql against the database at <c>BSQL_TEST_PG</c>.</summary>
public sealed class PostgresSmokeTests
{
    [RequiresServerFact(TestServer.Postgres)]
    public async Task CreateInsertSelect_RoundTripsRows()
    {
        var table = "smoke_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(TestServers.Postgres);
        await connection.OpenAsync();

        await Execute(connection, $"CREATE TABLE {table} (id BIGINT PRIMARY KEY, name TEXT NOT NULL, amount NUMERIC(10, 2))");
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES (@id, @name, @amount)", connection);
                insert.Parameters.AddWithValue("id", (long)i);
                insert.Parameters.AddWithValue("name", $"row-{i}");
                insert.Parameters.AddWithValue("amount", i * 1.25m);
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }

            var rows = new List<(long Id, string Name, decimal Amount)>();
            await using (var select = new NpgsqlCommand($"SELECT id, name, amount FROM {table} ORDER BY id", connection))
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2)));
                }
            }

            Assert.Equal([(1L, "row-1", 1.25m), (2L, "row-2", 2.50m), (3L, "row-3", 3.75m)], rows);
        }
        finally
        {
            await Execute(connection, $"DROP TABLE {table}");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
