using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// ROLLUP, CUBE and GROUPING SETS run as jobs over random orders: the printed changelog, applied, equals one LINQ
/// aggregation per grouping set with the other keys NULL (and GROUPING() as the bits of the NULLed keys).
/// </summary>
public sealed class GroupingSetsJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-gs-" + Guid.NewGuid().ToString("N"));
    private readonly List<(string Region, long User, long Amount, long Ts)> _orders = [];

    public GroupingSetsJobTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(23);
        for (var i = 0; i < 500; i++) _orders.Add((new[] { "eu", "us", "apac" }[random.Next(3)], random.Next(6), random.Next(1, 50), 1_706_702_400_000L + i * 400));
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), _orders.Select(o =>
            $$"""{"region": "{{o.Region}}", "user_id": {{o.User}}, "amount": {{o.Amount}}, "ts": "{{Time.EventTime.ToTimestamp(o.Ts).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)}}"}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<List<string>> RunAsync(string columns, string query, int parallelism = 2)
    {
        var sql = $"""
            SET 'parallelism.default' = '{parallelism}';
            CREATE TABLE orders (region STRING, user_id BIGINT, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
            CREATE TABLE out ({columns}) WITH ('connector' = 'print');
            INSERT INTO out {query};
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        var rows = new List<string>();
        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf('>') + 1)..].Trim()))
        {
            if (line[0] == '+') rows.Add(line[3..^1]);
            else Assert.True(rows.Remove(line[3..^1]), "retraction of a row never added: " + line);
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Rollup_EqualsOneAggregationPerLevel()
    {
        var rows = await RunAsync("region STRING, user_id BIGINT, s BIGINT, c BIGINT, g BIGINT",
            "SELECT region, user_id, SUM(amount), COUNT(*), GROUPING(region, user_id) FROM orders GROUP BY ROLLUP (region, user_id)");
        var expected = _orders.GroupBy(o => (o.Region, o.User)).Select(g => $"{g.Key.Region}, {g.Key.User}, {g.Sum(o => o.Amount)}, {g.Count()}, 0")
            .Concat(_orders.GroupBy(o => o.Region).Select(g => $"{g.Key}, null, {g.Sum(o => o.Amount)}, {g.Count()}, 1"))
            .Append($"null, null, {_orders.Sum(o => o.Amount)}, {_orders.Count}, 3");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public async Task Cube_EqualsOneAggregationPerSubset()
    {
        var rows = await RunAsync("region STRING, user_id BIGINT, c BIGINT", "SELECT region, user_id, COUNT(*) FROM orders GROUP BY CUBE (region, user_id)");
        var expected = _orders.GroupBy(o => (o.Region, o.User)).Select(g => $"{g.Key.Region}, {g.Key.User}, {g.Count()}")
            .Concat(_orders.GroupBy(o => o.Region).Select(g => $"{g.Key}, null, {g.Count()}"))
            .Concat(_orders.GroupBy(o => o.User).Select(g => $"null, {g.Key}, {g.Count()}"))
            .Append($"null, null, {_orders.Count}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public async Task WindowGroupingSets_AreWindowAggregationsPerSet()
    {
        var rows = await RunAsync("ws TIMESTAMP(3), region STRING, c BIGINT",
            "SELECT window_start, region, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, GROUPING SETS ((region), ())");
        string Start(long ts) => Time.EventTime.ToTimestamp(ts / 60_000 * 60_000).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var expected = _orders.GroupBy(o => (Start(o.Ts), o.Region)).Select(g => $"{g.Key.Item1}, {g.Key.Region}, {g.Count()}")
            .Concat(_orders.GroupBy(o => Start(o.Ts)).Select(g => $"{g.Key}, null, {g.Count()}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
    }
}
