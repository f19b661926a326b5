using System.Globalization;
using System.Text;
using Bsql.IntegrationTests.Fakes.HBaseRest;

namespace Bsql.IntegrationTests.LookupJoin;

/// <summary>Lookup joins from SQL against the fake HBase REST server (text-encoded cells).</summary>
public sealed class LookupJoinHBaseTests
{
    private const string Table = "users";

    /// <summary>u{i} exists when i % 3 != 0 and i &lt; 60; age = i; name NULL when i % 7 == 0.</summary>
    private static Dictionary<string, (string? Name, int Age)> Seed(FakeHBaseRestServer server)
    {
        server.CreateTable(Table);
        var users = new Dictionary<string, (string? Name, int Age)>();
        for (var i = 0; i < 60; i++)
        {
            if (i % 3 == 0) continue;
            var key = "u" + i;
            var name = i % 7 == 0 ? null : "n" + i;
            users[key] = (name, i);
            if (name is not null) server.PutCell(Table, Encoding.UTF8.GetBytes(key), "info:name", Encoding.UTF8.GetBytes(name));
            server.PutCell(Table, Encoding.UTF8.GetBytes(key), "info:age", Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)));
        }
        return users;
    }

    private static string Sql(FakeHBaseRestServer server, string join, string extra = "", string options = "") => $"""
        CREATE TABLE orders (oid BIGINT, uid STRING, proc AS PROCTIME())
          WITH ('connector' = 'filesystem', 'path' = '{"{orders}"}', 'format' = 'json');
        CREATE TABLE users (rowkey STRING, info ROW<name STRING, age INT>, PRIMARY KEY (rowkey) NOT ENFORCED)
          WITH ('connector' = 'hbase', 'table-name' = '{Table}', 'clusters' = 'A={server.BaseUri}', 'value.encoding' = 'text'{options});
        CREATE TABLE out_rows (oid BIGINT, uid STRING, name STRING, age INT) WITH ('connector' = 'blackhole');
        INSERT INTO out_rows
        SELECT o.oid, o.uid, u.info.name, u.info.age
        FROM orders AS o {join} users FOR SYSTEM_TIME AS OF o.proc AS u ON u.rowkey = o.uid{extra};
        """;

    private static string Line(long oid, object? uid, string? name, int? age) =>
        string.Create(CultureInfo.InvariantCulture, $"{oid}|{uid ?? "NULL"}|{name ?? "NULL"}|{(age is { } a ? a.ToString(CultureInfo.InvariantCulture) : "NULL")}");

    [Fact]
    public async Task InnerJoin_EmitsMatchedRowsInInputOrder_DropsMissingAndNullKeys()
    {
        await using var server = new FakeHBaseRestServer();
        var users = Seed(server);
        var orders = LookupJoinTestJob.Orders(300, i => "u" + (i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql(server, "JOIN", options: ", 'lookup.batch.size' = '16'"), orders);

        var expected = orders.Where(o => o.Uid is string k && users.ContainsKey(k))
            .Select(o => Line(o.Oid, o.Uid, users[(string)o.Uid!].Name, users[(string)o.Uid!].Age)).ToList();
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, LookupJoinTestJob.Lines(rows));
    }

    [Fact]
    public async Task LeftJoin_WithRemainingCondition_NullPadsMissesNullKeysAndRejectedMatches()
    {
        await using var server = new FakeHBaseRestServer();
        var users = Seed(server);
        var orders = LookupJoinTestJob.Orders(300, i => "u" + (i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql(server, "LEFT JOIN", " AND u.info.age > 20", ", 'lookup.cache' = 'LRU'"), orders);

        var expected = orders.Select(o => o.Uid is string k && users.TryGetValue(k, out var u) && u.Age > 20
            ? Line(o.Oid, o.Uid, u.Name, u.Age)
            : Line(o.Oid, o.Uid, null, null)).ToList();
        Assert.Equal(expected, LookupJoinTestJob.Lines(rows));
    }

    [Fact]
    public async Task LookupFailure_FailPolicy_FailsTheJobNamingTheTable()
    {
        await using var server = new FakeHBaseRestServer();
        Seed(server);
        var orders = LookupJoinTestJob.Orders(20, i => "u" + i);
        await server.DisposeAsync(); // nothing listens any more

        var error = await Assert.ThrowsAsync<Bsql.Runtime.Execution.BsqlRuntimeException>(() =>
            LookupJoinTestJob.RunAsync(Sql(server, "JOIN", options: ", 'lookup.max-retries' = '0', 'lookup.timeout' = '200ms'"), orders));
        Assert.Equal("BSQL4401", error.Code);
        Assert.Contains("'users'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupFailure_NullPadPolicy_EmitsEveryRowNullPadded()
    {
        await using var server = new FakeHBaseRestServer();
        Seed(server);
        var orders = LookupJoinTestJob.Orders(20, i => "u" + i);
        await server.DisposeAsync();

        var rows = await LookupJoinTestJob.RunAsync(
            Sql(server, "LEFT JOIN", options: ", 'lookup.max-retries' = '0', 'lookup.timeout' = '200ms', 'lookup.failure' = 'null-pad'"), orders);

        // NULL keys never reach the store; the others failed and are NULL-padded.
        Assert.Equal(orders.Select(o => Line(o.Oid, o.Uid, null, null)).ToList(), LookupJoinTestJob.Lines(rows));
    }

    [Fact]
    public async Task LookupFailure_DeadLetterPolicy_ClusterDown_RowsGoToTheDeadLetterTableWithReasons()
    {
        await using var server = new FakeHBaseRestServer();
        Seed(server);
        var orders = LookupJoinTestJob.Orders(40, i => "u" + i);
        server.Faults = new FakeHBaseFaults { Outage = FakeHBaseOutage.ServiceUnavailable };
        var dir = Path.Combine(Path.GetTempPath(), "bsql-ljoin-dlq-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var sql = Sql(server, "LEFT JOIN", options: ", 'lookup.max-retries' = '1', 'lookup.timeout' = '200ms', 'lookup.batch.size' = '8'"
                + ", 'lookup.failure' = 'dead-letter', 'lookup.dead-letter' = 'failed_lookups'") + $"""

                CREATE TABLE failed_lookups (kind STRING, source_table STRING, location STRING, raw STRING, reason STRING)
                  WITH ('connector' = 'filesystem', 'path' = '{dir}', 'format' = 'json');
                """;
            var (rows, metrics) = await LookupJoinTestJob.RunWithMetricsAsync(sql, orders);

            // NULL keys never reach the store and are NULL-padded (LEFT JOIN); every other row failed and was dead-lettered.
            var keyed = orders.Where(o => o.Uid is not null).ToList();
            Assert.Equal(orders.Where(o => o.Uid is null).Select(o => Line(o.Oid, null, null, null)).ToList(), LookupJoinTestJob.Lines(rows));
            var dead = Directory.EnumerateFiles(dir).Where(f => Path.GetFileName(f)[0] is not ('.' or '_'))
                .SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(keyed.Select(o => o.Oid).Order(),
                dead.Select(d => System.Text.Json.JsonDocument.Parse(d.GetProperty("raw").GetString()!).RootElement.GetProperty("oid").GetInt64()).Order());
            Assert.All(dead, d =>
            {
                Assert.Equal("lookup", d.GetProperty("kind").GetString());
                Assert.Equal("users", d.GetProperty("source_table").GetString());
                Assert.StartsWith("lookup in table 'users' failed: ", d.GetProperty("reason").GetString(), StringComparison.Ordinal);
            });
            var lookup = metrics.Operators.Values.Single(o => o.Name.StartsWith("LookupJoin", StringComparison.Ordinal));
            Assert.Equal(keyed.Count, lookup.DeadLettered);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
