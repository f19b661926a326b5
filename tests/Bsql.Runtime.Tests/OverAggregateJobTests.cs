using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// OVER aggregations (ROWS and RANGE frames, bounded and unbounded, partitioned or not) over random rows that arrive out of
/// order within the watermark bound, at parallelism 1 and 2, compared with a reference that computes each row's frame
/// directly from the whole input.
/// </summary>
public sealed class OverAggregateJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-over-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Id, long User, int Amount, long Ts)> _rows = [];

    public OverAggregateJobTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(3);
        // Distinct timestamps (10 ms apart, shuffled within 2 s): rows arrive out of order, never behind the 3 s watermark delay.
        var times = Enumerable.Range(0, 600).Select(i => 1_706_702_400_000L + i * 10).ToArray();
        for (var i = 0; i < times.Length; i++)
        {
            var j = Math.Min(times.Length - 1, i + random.Next(0, 200));
            (times[i], times[j]) = (times[j], times[i]);
        }
        for (var i = 0; i < times.Length; i++) _rows.Add((i, random.Next(5), random.Next(-50, 100), times[i]));
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), _rows.Select(r =>
            $$"""{"id": {{r.Id}}, "user_id": {{r.User}}, "amount": {{r.Amount}}, "ts": "{{Time.EventTime.ToTimestamp(r.Ts).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}}"}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<List<string>> RunAsync(int parallelism, string window)
    {
        var sql = $"""
            SET 'parallelism.default' = '{parallelism}';
            CREATE TABLE orders (id BIGINT, user_id BIGINT, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
            CREATE TABLE out (id BIGINT, s INT, c BIGINT, mn INT, mx INT) WITH ('connector' = 'print');
            INSERT INTO out SELECT id, SUM(amount) OVER w, COUNT(*) OVER w, MIN(amount) OVER w, MAX(amount) OVER w
            FROM orders WINDOW w AS ({window});
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        var result = await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        Assert.Equal(0, result.Metrics.Operators.Values.Sum(o => o.LateRowsDropped));
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[(line.IndexOf('>') + 1)..].Trim()).Order(StringComparer.Ordinal)];
    }

    /// <summary>Each row with the aggregates over the rows of its partition whose time is in its frame.</summary>
    private IEnumerable<string> Reference(bool partitioned, bool rows, long preceding)
    {
        foreach (var row in _rows)
        {
            var peers = _rows.Where(r => !partitioned || r.User == row.User).OrderBy(r => r.Ts).ToList();
            var position = peers.FindIndex(r => r.Id == row.Id);
            var frame = rows
                ? peers.Skip(preceding < 0 ? 0 : (int)Math.Max(0, position - preceding)).Take(preceding < 0 ? position + 1 : position + 1 - (int)Math.Max(0, position - preceding)).ToList()
                : peers.Where(r => r.Ts <= row.Ts && (preceding < 0 || r.Ts >= row.Ts - preceding)).ToList();
            yield return $"+I[{row.Id}, {frame.Sum(r => r.Amount)}, {frame.Count}, {frame.Min(r => r.Amount)}, {frame.Max(r => r.Amount)}]";
        }
    }

    [Theory]
    [InlineData(1, "PARTITION BY user_id ORDER BY ts ROWS BETWEEN 4 PRECEDING AND CURRENT ROW", true, true, 4L)]
    [InlineData(2, "PARTITION BY user_id ORDER BY ts ROWS BETWEEN 4 PRECEDING AND CURRENT ROW", true, true, 4L)]
    [InlineData(2, "PARTITION BY user_id ORDER BY ts RANGE BETWEEN INTERVAL '0.5' SECOND PRECEDING AND CURRENT ROW", true, false, 500L)]
    [InlineData(2, "PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", true, true, -1L)]
    [InlineData(1, "ORDER BY ts RANGE BETWEEN INTERVAL '2' SECOND PRECEDING AND CURRENT ROW", false, false, 2000L)]
    [InlineData(2, "PARTITION BY user_id ORDER BY ts", true, false, -1L)]
    public async Task OverWindow_MatchesTheFrameComputedDirectly(int parallelism, string window, bool partitioned, bool rows, long preceding)
    {
        var actual = await RunAsync(parallelism, window);
        Assert.Equal(Reference(partitioned, rows, preceding).Order(StringComparer.Ordinal), actual);
    }
}
