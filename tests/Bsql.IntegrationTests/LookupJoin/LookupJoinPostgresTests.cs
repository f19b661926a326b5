using System.Globalization;
using Bsql.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bsql.IntegrationTests.LookupJoin;

/// <summary>Lookup joins from SQL against the real PostgreSQL at <c>BSQL_TEST_PG</c> (jdbc connector).</summary>
public sealed class LookupJoinPostgresTests : IAsyncLifetime
{
    private readonly string _table = "lj_users_" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource? _db;

    public Task InitializeAsync()
    {
        if (TestServers.SkipReason(TestServer.Postgres) is null) _db = NpgsqlDataSource.Create(TestServers.Postgres);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_db is null) return;
        await using (var drop = _db.CreateCommand($"DROP TABLE IF EXISTS {_table}")) await drop.ExecuteNonQueryAsync();
        await _db.DisposeAsync();
    }

    /// <summary>
    /// Rows for uid &lt; 60 with uid % 3 != 0; uid % 4 == 1 has two rows (grades 1 and 2), so the join fans out;
    /// name NULL when uid % 7 == 0.
    /// </summary>
    private async Task<List<(long Uid, string? Name, int Grade)>> SeedAsync()
    {
        await using (var create = _db!.CreateCommand($"CREATE TABLE {_table} (uid BIGINT NOT NULL, name TEXT, grade INT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        var rows = new List<(long Uid, string? Name, int Grade)>();
        for (long uid = 0; uid < 60; uid++)
        {
            if (uid % 3 == 0) continue;
            var name = uid % 7 == 0 ? null : "name " + uid;
            rows.Add((uid, name, 1));
            if (uid % 4 == 1) rows.Add((uid, name, 2));
        }
        foreach (var (uid, name, grade) in rows)
        {
            await using var insert = _db.CreateCommand($"INSERT INTO {_table} (uid, name, grade) VALUES ($1, $2, $3)");
            insert.Parameters.Add(new NpgsqlParameter { Value = uid });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = grade });
            await insert.ExecuteNonQueryAsync();
        }
        return rows;
    }

    private string Sql(string join, string extra = "")
    {
        var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        var host = builder.Host!.StartsWith('/') ? "localhost" : builder.Host;
        var password = builder.Password is { } p ? $", 'password' = '{p}'" : "";
        return $"""
            CREATE TABLE orders (oid BIGINT, uid BIGINT, proc AS PROCTIME())
              WITH ('connector' = 'filesystem', 'path' = '{"{orders}"}', 'format' = 'json');
            CREATE TABLE users (uid BIGINT, name STRING, grade INT)
              WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://{host}:{builder.Port}/{builder.Database}',
                    'table-name' = '{_table}', 'username' = '{builder.Username ?? "postgres"}'{password});
            CREATE TABLE out_rows (oid BIGINT, uid BIGINT, name STRING, grade INT) WITH ('connector' = 'blackhole');
            INSERT INTO out_rows
            SELECT o.oid, o.uid, u.name, u.grade
            FROM orders AS o {join} users FOR SYSTEM_TIME AS OF o.proc AS u ON u.uid = o.uid{extra};
            """;
    }

    private static string Line(long oid, object? uid, string? name, int? grade) =>
        string.Create(CultureInfo.InvariantCulture, $"{oid}|{uid ?? "NULL"}|{name ?? "NULL"}|{(grade is { } g ? g.ToString(CultureInfo.InvariantCulture) : "NULL")}");

    /// <summary>Rows of one key come back in any order from the database: compare sorted within each order.</summary>
    private static List<string> PerOrderSorted(IEnumerable<string> lines) =>
        [.. lines.GroupBy(l => l[..l.IndexOf('|', StringComparison.Ordinal)]).SelectMany(g => g.Order(StringComparer.Ordinal))];

    [RequiresServerFact(TestServer.Postgres)]
    public async Task InnerJoin_FansOutOverSeveralRowsPerKey()
    {
        var users = await SeedAsync();
        var orders = LookupJoinTestJob.Orders(300, i => (long)(i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql("JOIN"), orders);

        var expected = orders.Where(o => o.Uid is long).SelectMany(o => users.Where(u => u.Uid == (long)o.Uid!)
            .Select(u => Line(o.Oid, o.Uid, u.Name, u.Grade))).ToList();
        Assert.True(expected.Count > 100);
        Assert.Equal(PerOrderSorted(expected), PerOrderSorted(LookupJoinTestJob.Lines(rows)));
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task LeftJoin_WithRemainingCondition_NullPadsWhenNothingMatches()
    {
        var users = await SeedAsync();
        var orders = LookupJoinTestJob.Orders(300, i => (long)(i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql("LEFT JOIN", " AND u.grade = 2"), orders);

        var expected = orders.Select(o => o.Uid is long k && users.FirstOrDefault(u => u.Uid == k && u.Grade == 2) is { Grade: 2 } u
            ? Line(o.Oid, o.Uid, u.Name, u.Grade)
            : Line(o.Oid, o.Uid, null, null)).ToList();
        Assert.Equal(expected, LookupJoinTestJob.Lines(rows));
    }
}
