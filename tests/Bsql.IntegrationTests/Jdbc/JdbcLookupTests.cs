using System.Collections.Immutable;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Jdbc;
using Bsql.Runtime.Lookup;
using Npgsql;

namespace Bsql.IntegrationTests.Jdbc;

/// <summary>JDBC (PostgreSQL) lookups and the upsert sink against the real database at <c>BSQL_TEST_PG</c>.</summary>
public sealed class JdbcLookupTests : IAsyncLifetime
{
    private static readonly RowSchema Users = new([
        new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String), new RowField("score", SqlType.Double),
        new RowField("born", SqlType.Date), new RowField("created", SqlType.Timestamp(3)), new RowField("amount", SqlType.Decimal(10, 2)),
    ]);

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _tables = [];
    private NpgsqlDataSource? _db;

    public Task InitializeAsync()
    {
        if (TestServers.SkipReason(TestServer.Postgres) is null) _db = NpgsqlDataSource.Create(TestServers.Postgres);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_db is null) return;
        foreach (var table in _tables) await ExecuteAsync($"DROP TABLE IF EXISTS {table}");
        await _db.DisposeAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> CreateTableAsync(string name, string columns)
    {
        var table = name + "_" + _suffix;
        await ExecuteAsync($"CREATE TABLE {JdbcSql.QuoteIdentifier(table)} ({columns})");
        _tables.Add(JdbcSql.QuoteIdentifier(table));
        return table;
    }

    /// <summary>A JDBC URL for the test database, built from the Npgsql connection string as a user would write it.</summary>
    private static ConnectorSpec Connector(string table, params (string Key, string Value)[] more)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        var host = builder.Host!.StartsWith('/') ? "localhost" : builder.Host;
        var options = new List<(string, string)> { ("url", $"jdbc:postgresql://{host}:{builder.Port}/{builder.Database}"), ("table-name", table) };
        if (builder.Username is { } user) options.Add(("username", user));
        if (builder.Password is { } password) options.Add(("password", password));
        return new ConnectorSpec("jdbc", options.Concat(more).ToImmutableSortedDictionary(o => o.Item1, o => o.Item2));
    }

    private static Dictionary<long, object?[]> Oracle(int count)
    {
        var rows = new Dictionary<long, object?[]>();
        for (long id = 1; id <= count; id += 2)
        {
            var nulls = id % 9 == 0;
            rows[id] = [id, nulls ? null : "name'" + id, nulls ? null : id * 0.5, new DateOnly(2000, 1, 1).AddDays((int)id),
                new DateTime(2024, 3, 1, 10, 0, 0, 125, DateTimeKind.Unspecified).AddSeconds(id), nulls ? null : id * 1.25m];
        }
        return rows;
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task SingleKeyLookups_MatchTheOracle_InBatchesOfAnyKeys()
    {
        var table = await CreateTableAsync("users", "id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION, born DATE, created TIMESTAMP(3), amount NUMERIC(10, 2)");
        var connector = Connector(table, ("lookup.batch.size", "64"), ("lookup.batch.linger", "200ms"));
        var oracle = Oracle(300);
        await using (var writer = JdbcUpsertWriter.Create(connector, Users, [0]))
        {
            await writer.UpsertAsync(oracle.Values.ToArray(), CancellationToken.None);
        }
        var metrics = new LookupMetrics(table);
        var client = JdbcLookupClient.Create(connector, Users, [0]);
        Assert.EndsWith("WHERE \"id\" = ANY(@k0)", client.Sql, StringComparison.Ordinal);
        // The batcher's clock is manual: the last, partial batch lingers until every key is queued.
        var time = new Bsql.Runtime.Tests.LookupManualTime();
        await using var batcher = new LookupBatcher(client, LookupOptions.From(connector), metrics, time);

        var outcomes = await time.RunUntilDoneAsync(Task.WhenAll(Enumerable.Range(1, 300).Select(i => batcher.LookupAsync([(long)i]).AsTask())), TimeSpan.FromMilliseconds(200));

        Assert.Equal(5, metrics.Batches); // ceil(300 / 64)
        for (var id = 1; id <= 300; id++)
        {
            if (oracle.TryGetValue(id, out var expected)) Assert.Equal(expected, Assert.Single(outcomes[id - 1].Rows));
            else Assert.Equal(LookupStatus.Missing, outcomes[id - 1].Status);
        }
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task CompositeKey_ReturnsEveryMatchingRow()
    {
        var table = await CreateTableAsync("lines", "region TEXT, order_id INT, line INT, qty INT, PRIMARY KEY (region, order_id, line)");
        var schema = new RowSchema([new RowField("region", SqlType.String), new RowField("order_id", SqlType.Int), new RowField("line", SqlType.Int), new RowField("qty", SqlType.Int)]);
        var connector = Connector(table);
        var rows = new List<object?[]>();
        foreach (var region in new[] { "eu", "us" })
        {
            for (var order = 1; order <= 20; order++)
            {
                for (var line = 1; line <= order % 4; line++) rows.Add([region, order, line, order * 10 + line]);
            }
        }
        await using (var writer = JdbcUpsertWriter.Create(connector, schema, [0, 1, 2])) await writer.UpsertAsync(rows, CancellationToken.None);
        await using var client = JdbcLookupClient.Create(connector, schema, [0, 1]);
        Assert.Contains("(\"region\", \"order_id\") IN (SELECT * FROM unnest(@k0, @k1))", client.Sql, StringComparison.Ordinal);

        var keys = new[] { "eu", "us", "asia" }.SelectMany(r => Enumerable.Range(0, 22).Select(o => new object?[] { r, o })).ToArray();
        var results = await client.LookupBatchAsync(keys, CancellationToken.None);

        for (var i = 0; i < keys.Length; i++)
        {
            var expected = rows.Where(r => (string)r[0]! == (string)keys[i][0]! && (int)r[1]! == (int)keys[i][1]!).OrderBy(r => (int)r[2]!);
            Assert.Equal(expected, results[i].OrderBy(r => (int)r[2]!));
        }
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task KeyValuesAndIdentifiers_NeverBecomeSql()
    {
        var table = await CreateTableAsync("we\"ird", "\"k ey\" TEXT PRIMARY KEY, \"Val\" TEXT");
        var schema = new RowSchema([new RowField("k ey", SqlType.String), new RowField("Val", SqlType.String)]);
        var connector = Connector(table);
        const string hostile = "x'); DROP TABLE pg_class; --";
        await using (var writer = JdbcUpsertWriter.Create(connector, schema, [0])) await writer.UpsertAsync([[hostile, "kept"], ["plain", null]], CancellationToken.None);
        await using var client = JdbcLookupClient.Create(connector, schema, [0]);

        var results = await client.LookupBatchAsync([[hostile], ["plain"], ["x"], [null]], CancellationToken.None);

        Assert.Equal(new object?[] { hostile, "kept" }, Assert.Single(results[0]));
        Assert.Equal(new object?[] { "plain", null }, Assert.Single(results[1]));
        Assert.Empty(results[2]);
        Assert.Empty(results[3]);
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task Upserts_ReplaceRowsByPrimaryKey_AndDeletesRemoveThem()
    {
        var table = await CreateTableAsync("upserts", "id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION, born DATE, created TIMESTAMP(3), amount NUMERIC(10, 2)");
        var connector = Connector(table);
        await using var writer = JdbcUpsertWriter.Create(connector, Users, [0]);
        await using var client = JdbcLookupClient.Create(connector, Users, [0]);
        object?[] first = [1L, "a", 1.0, new DateOnly(2020, 1, 1), new DateTime(2020, 1, 1, 0, 0, 0), 1.00m];
        object?[] changed = [1L, null, 2.0, new DateOnly(2021, 1, 1), new DateTime(2021, 1, 1, 0, 0, 0), 2.50m];

        await writer.UpsertAsync([first, [2L, "b", null, null, null, null]], CancellationToken.None);
        await writer.UpsertAsync([changed, changed], CancellationToken.None); // a replay is harmless

        var results = await client.LookupBatchAsync([[1L], [2L]], CancellationToken.None);
        Assert.Equal(changed, Assert.Single(results[0]));
        Assert.Equal(new object?[] { 2L, "b", null, null, null, null }, Assert.Single(results[1]));

        await writer.DeleteAsync([[2L, null, null, null, null, null]], CancellationToken.None);
        Assert.Empty((await client.LookupBatchAsync([[2L]], CancellationToken.None))[0]);
    }
}
