using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class TwoPhaseAndAttachedWindowTests
{
    private static readonly RowSchema Input = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task TwoPhaseGroupAggregate_EqualsLinqResult(int parallelism)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 3000).Select(i => new object?[] { (long)random.Next(20), (long)random.Next(-50, 500), Ts(i) }).ToList();
        var calls = new[]
        {
            Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "s"), Aggs.Of(AggregateFunction.Min, 1, SqlType.BigInt, "mn"),
            Aggs.Of(AggregateFunction.Avg, 1, SqlType.BigInt, "av"),
        };
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", Input, rows, partitions: parallelism, rowsPerRead: 100);
        var partialSchema = PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("s", SqlType.BigInt), ("mn", SqlType.BigInt), ("av", SqlType.BigInt));
        var local = plan.Add(new GroupAggregateSpec([0], [.. calls], AggregatePhase.Local, null), partialSchema, ChangelogMode.InsertOnly, parallelism,
            (src, EdgeKind.Forward, []));
        var global = plan.Add(new GroupAggregateSpec([0], [.. calls.Select((c, j) => c with { Args = [1 + j], FilterIndex = -1 })], AggregatePhase.Global, null),
            partialSchema, ChangelogMode.Retract, parallelism, (local, EdgeKind.Hash, [0]));
        var sink = plan.Collect(global);
        await plan.RunAsync();
        var final = GroupAggregateTests.Apply(CollectSinkFactory.Get(sink), 1).Values.Select(ValueText.ToText).Order(StringComparer.Ordinal);
        var expected = rows.GroupBy(r => (long)r[0]!).Select(g => ValueText.ToText(new object?[]
        {
            g.Key, (long)g.Count(), g.Sum(r => (long)r[1]!), g.Min(r => (long)r[1]!), g.Sum(r => (long)r[1]!) / g.Count(),
        })).Order(StringComparer.Ordinal);
        Assert.Equal(expected, final);
    }

    [Fact]
    public async Task AttachedWindow_AggregatesTheOutputOfAWindowAggregate()
    {
        // Nexmark q5 shape: count per key per hop window, then the max count per window.
        var random = new Random(12);
        var rows = Enumerable.Range(0, 2000).Select(i => new object?[] { (long)random.Next(6), 1L, Ts(i * 10L) }).ToList();
        var plan = new PlanBuilder(2);
        var src = plan.Values("t", Input, rows, new WatermarkSpec(2, Col(2, SqlType.Timestamp(3)), null), partitions: 2, rowsPerRead: 50);
        var counts = plan.Add(new WindowAggregateSpec(new HopWindow(2, false, 1_000, 2_000), [0], [Aggs.CountStar()],
                [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single),
            PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, 2, (src, EdgeKind.Hash, [0]));
        var max = plan.Add(new WindowAggregateSpec(new AttachedWindow(3, false, 2, 3), [], [Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "m")],
                [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single),
            PlanBuilder.Schema(("m", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, 1, (counts, EdgeKind.Single, []));
        var sink = plan.Collect(max);
        var result = await plan.RunAsync();
        var expected = rows
            .SelectMany(r =>
            {
                var t = Time.EventTime.ToMillis((DateTime)r[2]!);
                var last = t / 1000 * 1000;
                return new[] { last, last - 1000 }.Where(s => s > t - 2000).Select(s => (s, k: (long)r[0]!));
            })
            .GroupBy(x => x).Select(g => (g.Key.s, c: (long)g.Count()))
            .GroupBy(x => x.s).Select(g => $"{g.Max(x => x.c)}@{g.Key}-{g.Key + 2000}")
            .Order(StringComparer.Ordinal).ToList();
        var got = CollectSinkFactory.Get(sink)
            .Select(r => $"{r.Row[0]}@{Time.EventTime.ToMillis((DateTime)r.Row[1]!)}-{Time.EventTime.ToMillis((DateTime)r.Row[2]!)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
        Assert.Equal(0, result.Metrics.Operators[max].LateRowsDropped);
    }
}
