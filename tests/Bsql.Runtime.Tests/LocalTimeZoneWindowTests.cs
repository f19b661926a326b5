using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Windows over a TIMESTAMP_LTZ time attribute align to the session time zone's wall clock, as in Flink: with
/// <c>table.local-time-zone</c> = 'Asia/Shanghai' a 1-day TUMBLE runs from local midnight to local midnight, its
/// <c>window_start</c>/<c>window_end</c> are local TIMESTAMPs and <c>window_time</c> is the instant just before the end.
/// Window joins and window Top-N over such windows fire when the watermark passes the window end's instant. Each
/// job is compared with a reference computation over the same events (their local day in the zone).
/// </summary>
public sealed class LocalTimeZoneWindowTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-tzwin-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Epoch, string Key)> _events = [];

    public LocalTimeZoneWindowTests()
    {
        Directory.CreateDirectory(_dir);
        // 4,000 events in time order over four days (January: no daylight saving change in the zones used), 5 keys.
        var random = new Random(20261122);
        var t = new DateTimeOffset(2024, 1, 10, 3, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var i = 0; i < 4000; i++)
        {
            t += random.Next(1, 172_800);
            _events.Add((t, "k" + random.Next(5).ToString(CultureInfo.InvariantCulture)));
        }
        File.WriteAllLines(Path.Combine(_dir, "e.jsonl"), _events.Select(e => $$"""{"e": {{e.Epoch}}, "k": "{{e.Key}}"}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Source(string name) => $"""
        CREATE TABLE {name} (e BIGINT, k STRING, ts AS TO_TIMESTAMP_LTZ(e, 3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
          WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "e.jsonl")}', 'format' = 'json');
        """;

    private static async Task<List<string>> RunAsync(string sql)
    {
        var compiled = BsqlCompiler.Compile(sql, "tz-windows.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        // Small batches: the watermark advances many times while the days go by, so a window firing early would drop rows.
        var result = await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output, BatchSize = 16 }, CancellationToken.None);
        Assert.Equal(0, result.Metrics.Operators.Values.Sum(o => o.LateRowsDropped));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[(line.IndexOf('>') + 1)..].Trim())
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Local(DateTime localTime) => localTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>The local day of each event in <paramref name="zone"/>: (window start, window end, key).</summary>
    private IEnumerable<(DateTime Start, DateTime End, string Key)> LocalDays(string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        foreach (var (epoch, key) in _events)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(epoch), tz).DateTime;
            yield return (local.Date, local.Date.AddDays(1), key);
        }
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/Los_Angeles")]
    [InlineData("UTC")]
    public async Task DailyTumble_OverTimestampLtz_AlignsToLocalMidnight(string zone)
    {
        var sql = $"""
            SET 'table.local-time-zone' = '{zone}';
            {Source("src")}
            CREATE TABLE out_t (ws STRING, we STRING, wt STRING, c BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t
            SELECT CAST(window_start AS STRING), CAST(window_end AS STRING), CAST(window_time AS STRING), COUNT(*)
            FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' DAY))
            GROUP BY window_start, window_end, window_time;
            """;
        // window_time is a TIMESTAMP_LTZ: it prints on the session zone's clock, one millisecond before the local end.
        var expected = LocalDays(zone)
            .GroupBy(d => d.Start)
            .Select(g => $"+I[{Local(g.Key)}, {Local(g.Key.AddDays(1))}, {Local(g.Key.AddDays(1).AddMilliseconds(-1))}, {g.Count()}]")
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 4);
        Assert.Equal(expected, await RunAsync(sql));
    }

    [Fact]
    public async Task DailyTumble_InShanghai_SplitsAtLocalMidnightNotUtcMidnight()
    {
        // 15:30 and 16:30 UTC on 2024-01-10 are 23:30 on the 10th and 00:30 on the 11th in Shanghai.
        var path = Path.Combine(_dir, "two.jsonl");
        File.WriteAllLines(path, ["""{"e": 1704900600000, "k": "a"}""", """{"e": 1704904200000, "k": "a"}"""]);
        var sql = $"""
            SET 'table.local-time-zone' = 'Asia/Shanghai';
            CREATE TABLE src (e BIGINT, k STRING, ts AS TO_TIMESTAMP_LTZ(e, 3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
              WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'json');
            CREATE TABLE out_t (ws STRING, c BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t SELECT CAST(window_start AS STRING), COUNT(*)
            FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' DAY)) GROUP BY window_start, window_end;
            """;
        Assert.Equal(["+I[2024-01-10 00:00:00.000, 1]", "+I[2024-01-11 00:00:00.000, 1]"], await RunAsync(sql));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Theory]
    [InlineData("Asia/Shanghai", "2024-01-11 00:00:00.000")]
    [InlineData("UTC", "2024-01-10 00:00:00.000")]
    public async Task ProcessingTimeTumble_AlignsToTheSessionZone(string zone, string windowStart)
    {
        // The job clock says 16:30 UTC on 2024-01-10: 00:30 on the 11th in Shanghai.
        var sql = $"""
            SET 'table.local-time-zone' = '{zone}';
            CREATE TABLE src (e BIGINT, k STRING, pt AS PROCTIME())
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "e.jsonl")}', 'format' = 'json');
            CREATE TABLE out_t (ws STRING, c BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t SELECT CAST(window_start AS STRING), COUNT(*)
            FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(pt), INTERVAL '1' DAY)) GROUP BY window_start, window_end;
            """;
        var compiled = BsqlCompiler.Compile(sql, "proctime.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        var clock = new FixedClock(new DateTimeOffset(2024, 1, 10, 16, 30, 0, TimeSpan.Zero));
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output, Time = clock }, CancellationToken.None);
        var line = output.ToString().Trim();
        Assert.Equal($"+I[{windowStart}, {_events.Count}]", line[(line.IndexOf('>') + 1)..].Trim());
    }

    [Fact]
    public async Task SessionWindow_OverTimestampLtz_ShowsItsBoundsOnTheLocalClock()
    {
        // 15:30 and 15:40 UTC on 2024-01-10, a 1-hour gap: one session, 23:30 to 00:40 in Shanghai.
        var path = Path.Combine(_dir, "session.jsonl");
        File.WriteAllLines(path, ["""{"e": 1704900600000, "k": "a"}""", """{"e": 1704901200000, "k": "a"}"""]);
        var sql = $"""
            SET 'table.local-time-zone' = 'Asia/Shanghai';
            CREATE TABLE src (e BIGINT, k STRING, ts AS TO_TIMESTAMP_LTZ(e, 3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
              WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'json');
            CREATE TABLE out_t (k STRING, s STRING, e STRING, c BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t
            SELECT k, CAST(SESSION_START(ts, INTERVAL '1' HOUR) AS STRING), CAST(SESSION_END(ts, INTERVAL '1' HOUR) AS STRING), COUNT(*)
            FROM src GROUP BY k, SESSION(ts, INTERVAL '1' HOUR);
            """;
        Assert.Equal(["+I[a, 2024-01-10 23:30:00.000, 2024-01-11 00:40:00.000, 2]"], await RunAsync(sql));
    }

    [Theory]
    [InlineData("America/Los_Angeles")]
    [InlineData("Asia/Shanghai")]
    public async Task WindowJoin_OverLocalWindows_FiresAtTheWindowEndInstant(string zone)
    {
        // Before local windows were converted back to instants, Los Angeles windows closed eight hours early for the
        // join and every row of the day was late.
        var sql = $"""
            SET 'table.local-time-zone' = '{zone}';
            {Source("l")}
            {Source("r")}
            CREATE TABLE out_t (k STRING, ws STRING, lc BIGINT, rc BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t
            SELECT a.k, CAST(a.window_start AS STRING), a.c, b.c
            FROM (SELECT k, window_start, window_end, COUNT(*) AS c FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL '1' DAY))
                  GROUP BY k, window_start, window_end) a
            JOIN (SELECT k, window_start, window_end, COUNT(*) AS c FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '1' DAY))
                  GROUP BY k, window_start, window_end) b
            ON a.k = b.k AND a.window_start = b.window_start AND a.window_end = b.window_end;
            """;
        var expected = LocalDays(zone)
            .GroupBy(d => (d.Key, d.Start))
            .Select(g => $"+I[{g.Key.Key}, {Local(g.Key.Start)}, {g.Count()}, {g.Count()}]")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await RunAsync(sql));
    }

    [Fact]
    public async Task WindowTopN_OverLocalWindows_EmitsTheBusiestKeyOfEachLocalDay()
    {
        const string zone = "America/Los_Angeles";
        var sql = $"""
            SET 'table.local-time-zone' = '{zone}';
            {Source("src")}
            CREATE TABLE out_t (ws STRING, c BIGINT) WITH ('connector' = 'print');
            INSERT INTO out_t
            SELECT CAST(window_start AS STRING), c FROM (
              SELECT window_start, window_end, c, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY c DESC) AS rn
              FROM (SELECT k, window_start, window_end, COUNT(*) AS c FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' DAY))
                    GROUP BY k, window_start, window_end))
            WHERE rn <= 1;
            """;
        var expected = LocalDays(zone)
            .GroupBy(d => d.Start)
            .Select(g => $"+I[{Local(g.Key)}, {g.GroupBy(d => d.Key).Max(k => k.Count())}]")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await RunAsync(sql));
    }
}
