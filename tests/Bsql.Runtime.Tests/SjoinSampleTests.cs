using System.Globalization;
using System.Text.Json;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;

namespace Bsql.Runtime.Tests;

/// <summary>
/// samples/ad-samples: the bundled impressions and clicks, joined as job.sql does (home scene, 1 h window,
/// 10 min delay, key (req_id, item_id)), must give samples/ad-samples/expected-output.jsonl; so must the
/// reference semantics computed here. <c>BSQL_REGEN_SAMPLES=1</c> rewrites the file from the reference.
/// </summary>
public sealed class SjoinSampleTests
{
    private const long Window = 3_600_000, Delay = 600_000, WatermarkDelay = 5_000;
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    private static readonly RowSchema Feed = PlanBuilder.Schema(("req_id", SqlType.String), ("user_id", SqlType.String), ("item_id", SqlType.BigInt),
        ("scene", SqlType.String), ("pos", SqlType.Int), ("ts", SqlType.Timestamp(3)));
    private static readonly RowSchema Click = PlanBuilder.Schema(("req_id", SqlType.String), ("item_id", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));

    [Fact]
    public async Task AdSamples_BundledFiles_GiveTheExpectedOutput()
    {
        var folder = Path.Combine(RepoRoot(), "samples", "ad-samples");
        var feed = File.ReadLines(Path.Combine(folder, "impressions.jsonl")).Select(ParseFeed).ToList();
        var clicks = File.ReadLines(Path.Combine(folder, "clicks.jsonl")).Select(ParseClick).ToList();
        var home = feed.Where(f => (string)f[3]! == "home").ToList();

        // Reference: every home impression joined with its clicks in [ts, ts + 1h); unmatched ones once with label 0.
        var reference = new List<string>();
        foreach (var a in home)
        {
            var ta = (DateTime)a[5]!;
            var matches = clicks.Where(b => Equals(b[0], a[0]) && Equals(b[1], a[2]) && (DateTime)b[2]! >= ta && (DateTime)b[2]! < ta.AddMilliseconds(Window)).ToList();
            if (matches.Count == 0) reference.Add(Sample([.. a, null, null, null]));
            foreach (var b in matches) reference.Add(Sample([.. a, .. b]));
        }
        reference.Sort(StringComparer.Ordinal);
        var expectedPath = Path.Combine(folder, "expected-output.jsonl");
        if (Environment.GetEnvironmentVariable("BSQL_REGEN_SAMPLES") == "1") File.WriteAllLines(expectedPath, reference);
        var expected = File.ReadAllLines(expectedPath);
        Assert.Equal(expected, reference);
        Assert.Contains(expected, l => l.EndsWith("\"label\":1}", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.EndsWith("\"label\":0}", StringComparison.Ordinal));

        // The operator, fed in time order with the job's watermarks (min over both tables of max ts - 5 s).
        var events = new List<SjoinEvent>();
        long maxFeed = long.MinValue, maxClick = long.MinValue, watermark = long.MinValue;
        var merged = home.Select(r => (Ts: SjoinStreams.Millis(r[5]), Input: 0, Row: r))
            .Concat(clicks.Select(r => (Ts: SjoinStreams.Millis(r[2]), Input: 1, Row: r)))
            .OrderBy(x => x.Ts).ToList();
        foreach (var (ts, input, row) in merged)
        {
            events.Add(new SjoinEvent(input, row, 0));
            if (input == 0) maxFeed = Math.Max(maxFeed, ts); else maxClick = Math.Max(maxClick, ts);
            var w = Math.Min(maxFeed, maxClick) - WatermarkDelay;
            if (maxFeed != long.MinValue && maxClick != long.MinValue && w > watermark)
            {
                watermark = w;
                events.Add(new SjoinEvent(0, null, w));
            }
        }
        events.Add(new SjoinEvent(0, null, long.MaxValue));
        var spec = new DelayedWindowJoinSpec([0, 2], [0, 1], 5, 2, Window, Delay, Global: true, null, LateRowPolicy.Emit);
        var harness = new SjoinHarness(spec, left: Feed, right: Click);
        await harness.OpenAsync();
        harness.Feed(events, 0, events.Count, seed: 1);
        var actual = harness.Rows.Select(Sample).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(0, harness.Operators[0].Counters.LateLeftEmitted);
        await harness.CloseAsync();
    }

    [Fact]
    public async Task AdSamples_JobSqlCompiledAndRunOnTheSampleFiles_GivesTheExpectedOutput()
    {
        // What `bsql debug job.sql --sample feed=... --sample click=...` runs: the compiled job, its sources replaced by the files.
        var folder = Path.Combine(RepoRoot(), "samples", "ad-samples");
        var compiled = Bsql.Planner.BsqlCompiler.CompileFile(Path.Combine(folder, "job.sql"));
        Assert.True(compiled.Success, string.Join("\n", compiled.Diagnostics.Select(d => d.ToString())));
        var plan = compiled.Plan!;
        Assert.Contains(plan.Operators, o => o.Spec is DelayedWindowJoinSpec { Global: true, WindowMs: Window, DelayMs: Delay });
        var sinkId = CollectSinkFactory.NewId();
        var collect = PlanBuilder.Connector("collect", ("sink-id", sinkId));
        plan = plan with
        {
            Operators = [.. plan.Operators.Select(o => o.Spec is SinkSpec sink ? o with { Spec = sink with { Connector = collect } } : o)],
        };
        var options = new Bsql.Runtime.Execution.JobRunOptions
        {
            Connectors = PlanBuilder.Registry,
            Output = TextWriter.Null,
            SampleTables = new Dictionary<string, string>
            {
                ["feed"] = Path.Combine(folder, "impressions.jsonl"),
                ["click"] = Path.Combine(folder, "clicks.jsonl"),
            },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Bsql.Runtime.Execution.JobRunner.RunAsync(plan, options, timeout.Token);
        var actual = CollectSinkFactory.Get(sinkId).Select(r => JsonSerializer.Serialize(new
        {
            req_id = (string)r.Row[0]!,
            user_id = (string)r.Row[1]!,
            item_id = Convert.ToInt64(r.Row[2], CultureInfo.InvariantCulture),
            pos = Convert.ToInt32(r.Row[3], CultureInfo.InvariantCulture),
            imp_ts = ((DateTime)r.Row[4]!).ToString(TimeFormat, CultureInfo.InvariantCulture),
            click_ts = (r.Row[5] as DateTime?)?.ToString(TimeFormat, CultureInfo.InvariantCulture),
            label = Convert.ToInt32(r.Row[6], CultureInfo.InvariantCulture),
        })).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(File.ReadAllLines(Path.Combine(folder, "expected-output.jsonl")), actual);
    }

    /// <summary>The job's SELECT over feed ++ click: req_id, user_id, item_id, pos, imp_ts, click_ts, label.</summary>
    private static string Sample(object?[] joined) => JsonSerializer.Serialize(new
    {
        req_id = (string)joined[0]!,
        user_id = (string)joined[1]!,
        item_id = (long)joined[2]!,
        pos = (int)joined[4]!,
        imp_ts = ((DateTime)joined[5]!).ToString(TimeFormat, CultureInfo.InvariantCulture),
        click_ts = (joined[8] as DateTime?)?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        label = joined[6] is null ? 0 : 1,
    });

    private static object?[] ParseFeed(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        return [e.GetProperty("req_id").GetString(), e.GetProperty("user_id").GetString(), e.GetProperty("item_id").GetInt64(),
            e.GetProperty("scene").GetString(), e.GetProperty("pos").GetInt32(), Time(e.GetProperty("ts").GetString()!)];
    }

    private static object?[] ParseClick(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        return [e.GetProperty("req_id").GetString(), e.GetProperty("item_id").GetInt64(), Time(e.GetProperty("ts").GetString()!)];
    }

    private static DateTime Time(string text) => DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
