using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Jobs written in SQL, compiled by the planner and run by the runtime, checked against a LINQ
/// computation over the same data: these pin the planner ↔ runtime contract (column positions,
/// window properties, changelogs).
/// </summary>
public sealed class SqlEndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Id, long User, long Amount, string Item, long Ts)> _orders = [];

    public SqlEndToEndTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(21);
        long t = 1_706_702_400_000;
        var lines = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            t += random.Next(0, 50);
            var ts = t + random.Next(0, 1500);
            var order = ((long)i, (long)random.Next(12), (long)random.Next(0, 100), "item" + random.Next(4), ts);
            _orders.Add(order);
            lines.Add($$"""{"id": {{order.Item1}}, "user_id": {{order.Item2}}, "amount": {{order.Item3}}, "item": "{{order.Item4}}", "ts": "{{Stamp(ts)}}"}""");
        }
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), lines);
        File.WriteAllLines(Path.Combine(_dir, "users.jsonl"), Enumerable.Range(0, 10).Select(u => $$"""{"uid": {{u}}, "name": "user{{u}}"}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Stamp(long ms) => Time.EventTime.ToTimestamp(ms).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private string Tables(int parallelism) => $"""
        SET 'parallelism.default' = '{parallelism}';
        CREATE TABLE orders (id BIGINT, user_id BIGINT, amount BIGINT, item STRING, ts TIMESTAMP(3),
          WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
        WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
        CREATE TABLE users (uid BIGINT, name STRING)
        WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "users.jsonl")}', 'format' = 'json');
        """;

    private static async Task<List<(string Kind, string[] Values)>> RunAsync(string sql)
    {
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[(line.IndexOf('>') + 1)..].Trim())
            .Select(line => (line[..2], line[3..^1].Split(", ")))
            .ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HopWindowWithFilter_MatchesLinq(int parallelism)
    {
        var sql = Tables(parallelism) + """
            CREATE TABLE out (user_id BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT, s BIGINT) WITH ('connector' = 'print');
            INSERT INTO out
            SELECT user_id, window_start, window_end, COUNT(*) AS c, SUM(amount) AS s
            FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
            WHERE amount > 10
            GROUP BY user_id, window_start, window_end;
            """;
        var rows = await RunAsync(sql);
        Assert.All(rows, r => Assert.Equal("+I", r.Kind));
        var expected = _orders.Where(o => o.Amount > 10)
            .SelectMany(o => Enumerable.Range(0, 5).Select(j => o.Ts / 2000 * 2000 - j * 2000L).Where(s => s > o.Ts - 10_000).Select(s => (s, o)))
            .GroupBy(x => (x.o.User, x.s))
            .Select(g => string.Join(", ", g.Key.User, Stamp(g.Key.s), Stamp(g.Key.s + 10_000), g.Count(), g.Sum(x => x.o.Amount)))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => string.Join(", ", r.Values)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GroupAggregate_PrintsAnUpdateStreamEndingAtLinqResult()
    {
        var sql = Tables(2) + """
            CREATE TABLE out (user_id BIGINT, c BIGINT, m BIGINT) WITH ('connector' = 'print');
            INSERT INTO out SELECT user_id, COUNT(*), MAX(amount) FROM orders GROUP BY user_id;
            """;
        var rows = await RunAsync(sql);
        var table = new Dictionary<string, string>();
        foreach (var (kind, values) in rows)
        {
            if (kind is "+I" or "+U") table[values[0]] = string.Join(", ", values);
            else Assert.True(table.Remove(values[0]));
        }
        var expected = _orders.GroupBy(o => o.User).Select(g => $"{g.Key}, {g.Count()}, {g.Max(o => o.Amount)}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, table.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RegularJoin_MatchesLinq()
    {
        var sql = Tables(2) + """
            CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'print');
            INSERT INTO out SELECT o.id, u.name FROM orders AS o JOIN users AS u ON o.user_id = u.uid WHERE o.amount < 30;
            """;
        var rows = await RunAsync(sql);
        var expected = _orders.Where(o => o.User < 10 && o.Amount < 30).Select(o => $"{o.Id}, user{o.User}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Where(r => r.Kind == "+I").Select(r => string.Join(", ", r.Values)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IntervalSelfJoin_MatchesLinq()
    {
        var sql = Tables(2) + """
            CREATE TABLE out (a BIGINT, b BIGINT) WITH ('connector' = 'print');
            INSERT INTO out SELECT x.id, y.id FROM orders AS x JOIN orders AS y
              ON x.user_id = y.user_id AND y.ts BETWEEN x.ts AND x.ts + INTERVAL '1' SECOND
            WHERE x.item = 'item1' AND y.item = 'item2';
            """;
        var rows = await RunAsync(sql);
        Assert.All(rows, r => Assert.Equal("+I", r.Kind));
        var byUser = _orders.Where(o => o.Item == "item2").ToLookup(o => o.User);
        var expected = (from x in _orders
                        where x.Item == "item1"
                        from y in byUser[x.User]
                        where y.Ts >= x.Ts && y.Ts <= x.Ts + 1000
                        select $"{x.Id}, {y.Id}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => string.Join(", ", r.Values)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TopN_ConvergesToLinqTopN()
    {
        var sql = Tables(1) + """
            CREATE TABLE out (user_id BIGINT, id BIGINT, amount BIGINT, rn BIGINT) WITH ('connector' = 'print');
            INSERT INTO out
            SELECT user_id, id, amount, rn FROM (
              SELECT user_id, id, amount, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC, id ASC) AS rn FROM orders)
            WHERE rn <= 2;
            """;
        var rows = await RunAsync(sql);
        var counts = new Dictionary<string, int>();
        foreach (var (kind, values) in rows)
        {
            var text = string.Join(", ", values);
            counts[text] = counts.GetValueOrDefault(text) + (kind is "+I" or "+U" ? 1 : -1);
        }
        var expected = _orders.GroupBy(o => o.User)
            .SelectMany(g => g.OrderByDescending(o => o.Amount).ThenBy(o => o.Id).Take(2).Select((o, i) => $"{o.User}, {o.Id}, {o.Amount}, {i + 1}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, counts.Where(kv => kv.Value > 0).Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }
}
