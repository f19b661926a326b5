using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class WindowAggregateTests
{
    private static readonly RowSchema Input = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
    private const long Bound = 3_000;

    /// <summary>Rows out of order by less than <see cref="Bound"/>: none is late under watermark ts - Bound.</summary>
    private static List<object?[]> RandomRows(int seed, int n, int keys)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>();
        long baseTime = 1_700_000_000_000;
        for (var i = 0; i < n; i++)
        {
            baseTime += random.Next(0, 40);
            var ts = baseTime + random.Next(0, (int)Bound);
            rows.Add([(long)random.Next(keys), (long)random.Next(-50, 1000), Ts(ts)]);
        }
        return rows;
    }

    private static WatermarkSpec Watermark => new(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound)), null);

    private static IEnumerable<(long Start, long End)> WindowsOf(WindowSpec window, long t)
    {
        switch (window)
        {
            case TumbleWindow tw:
            {
                var start = (long)Math.Floor((double)t / tw.SizeMs) * tw.SizeMs;
                yield return (start, start + tw.SizeMs);
                break;
            }
            case HopWindow hw:
            {
                var last = (long)Math.Floor((double)t / hw.SlideMs) * hw.SlideMs;
                for (var start = last; start > t - hw.SizeMs; start -= hw.SlideMs) yield return (start, start + hw.SizeMs);
                break;
            }
            case CumulateWindow cw:
            {
                var start = (long)Math.Floor((double)t / cw.SizeMs) * cw.SizeMs;
                for (var end = start + cw.StepMs; end <= start + cw.SizeMs; end += cw.StepMs)
                {
                    if (end > t) yield return (start, end);
                }
                break;
            }
        }
    }

    public static TheoryData<string, int, int> Cases() => new()
    {
        { "tumble", 1, 1 }, { "tumble", 2, 3 }, { "hop", 1, 1 }, { "hop", 3, 2 }, { "cumulate", 1, 2 }, { "cumulate", 2, 4 },
    };

    private static WindowSpec WindowFor(string kind) => kind switch
    {
        "tumble" => new TumbleWindow(2, false, 5_000, 0),
        "hop" => new HopWindow(2, false, 2_000, 10_000),
        _ => new CumulateWindow(2, false, 2_000, 10_000),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WindowAggregate_MatchesLinqOracle(string kind, int parallelism, int partitions)
    {
        var rows = RandomRows(42 + parallelism, 6000, 7);
        var window = WindowFor(kind);
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", Input, rows, Watermark, partitions: partitions, rowsPerRead: 97);
        var spec = new WindowAggregateSpec(window, [0],
            [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "s"), Aggs.Of(AggregateFunction.Min, 1, SqlType.BigInt, "mn"),
             Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "mx"), Aggs.Of(AggregateFunction.Avg, 1, SqlType.BigInt, "av"),
             Aggs.Of(AggregateFunction.Count, 1, SqlType.BigInt, "dv", distinct: true)],
            [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single);
        var output = PlanBuilder.Schema(("k", SqlType.BigInt), ("cnt", SqlType.BigInt), ("s", SqlType.BigInt), ("mn", SqlType.BigInt),
            ("mx", SqlType.BigInt), ("av", SqlType.BigInt), ("dv", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3)));
        var agg = plan.Add(spec, output, ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        var result = await plan.RunAsync();

        var expected = rows
            .SelectMany(r => WindowsOf(window, Time.EventTime.ToMillis((DateTime)r[2]!)).Select(w => (w, k: (long)r[0]!, v: (long)r[1]!)))
            .GroupBy(x => (x.w, x.k))
            .Select(g => $"{g.Key.k},{g.Count()},{g.Sum(x => x.v)},{g.Min(x => x.v)},{g.Max(x => x.v)},{g.Sum(x => x.v) / g.Count()},"
                + $"{g.Select(x => x.v).Distinct().Count()},{g.Key.w.Start},{g.Key.w.End}")
            .Order(StringComparer.Ordinal).ToList();
        var got = CollectSinkFactory.Get(sink)
            .Select(r => $"{r.Row[0]},{r.Row[1]},{r.Row[2]},{r.Row[3]},{r.Row[4]},{r.Row[5]},{r.Row[6]},"
                + $"{Time.EventTime.ToMillis((DateTime)r.Row[7]!)},{Time.EventTime.ToMillis((DateTime)r.Row[8]!)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
        Assert.Equal(0, result.Metrics.Operators[agg].LateRowsDropped);
    }

    [Fact]
    public async Task Tumble_EmitsByWindowEndThenFirstSeenKey_AndDropsLateRows()
    {
        // Watermark = ts (no delay). The row at 1500 arrives after the watermark passed 2999: late.
        object?[] R(long k, long ts) => [k, 1L, Ts(ts)];
        var rows = new List<object?[]> { R(2, 100), R(1, 200), R(2, 1100), R(3, 2100), R(1, 3000), R(9, 1500), R(3, 4100) };
        var plan = new PlanBuilder();
        var src = plan.Values("t", Input, rows, new WatermarkSpec(2, Col(2, SqlType.Timestamp(3)), null), rowsPerRead: 1);
        var spec = new WindowAggregateSpec(new TumbleWindow(2, false, 2_000, 0), [0], [Aggs.CountStar()], [WindowProperty.End], AggregatePhase.Single);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("cnt", SqlType.BigInt), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, 1, (src, EdgeKind.Forward, []));
        var sink = plan.Collect(agg);
        var result = await plan.RunAsync();
        var got = CollectSinkFactory.Get(sink).Select(r => $"{r.Row[0]}:{r.Row[1]}@{Time.EventTime.ToMillis((DateTime)r.Row[2]!)}").ToList();
        Assert.Equal(["2:2@2000", "1:1@2000", "3:1@4000", "1:1@4000", "3:1@6000"], got);
        Assert.Equal(1, result.Metrics.Operators[agg].LateRowsDropped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Session_MatchesOracle(int parallelism)
    {
        var rows = RandomRows(7, 3000, 5);
        // Sparse times so sessions form: stretch the timeline.
        rows = rows.Select(r => new object?[] { r[0], r[1], Ts((Time.EventTime.ToMillis((DateTime)r[2]!) - 1_700_000_000_000) * 3) }).ToList();
        const long gap = 150;
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", Input, rows, new WatermarkSpec(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound * 3)), null),
            partitions: 2, rowsPerRead: 50);
        var spec = new WindowAggregateSpec(new SessionWindow(2, false, gap), [0], [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "s")],
            [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("cnt", SqlType.BigInt), ("s", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        await plan.RunAsync();

        var expected = new List<string>();
        foreach (var g in rows.GroupBy(r => (long)r[0]!))
        {
            var sorted = g.Select(r => (t: Time.EventTime.ToMillis((DateTime)r[2]!), v: (long)r[1]!)).OrderBy(x => x.t).ToList();
            var i = 0;
            while (i < sorted.Count)
            {
                var start = sorted[i].t;
                var end = start + gap;
                long count = 0, sum = 0;
                while (i < sorted.Count && sorted[i].t < end)
                {
                    end = Math.Max(end, sorted[i].t + gap);
                    count++;
                    sum += sorted[i].v;
                    i++;
                }
                expected.Add($"{g.Key},{count},{sum},{start},{end}");
            }
        }
        var got = CollectSinkFactory.Get(sink)
            .Select(r => $"{r.Row[0]},{r.Row[1]},{r.Row[2]},{Time.EventTime.ToMillis((DateTime)r.Row[3]!)},{Time.EventTime.ToMillis((DateTime)r.Row[4]!)}").ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), got.Order(StringComparer.Ordinal));
    }
}
