using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class IdleSourceTests
{
    [Fact]
    public async Task SubtaskWithoutPartitions_GoesIdle_SoWindowsFireWhileTheJobRuns()
    {
        // One partition, two source subtasks: subtask 1 never emits. With an idle timeout it stops
        // holding the watermark back, so windows fire although the (unbounded) job never ends.
        var schema = PlanBuilder.Schema(("k", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
        var rows = Enumerable.Range(0, 50).Select(i => new object?[] { (long)(i % 3), Ts(i * 100L) }).ToList();
        var plan = new PlanBuilder(2) { Options = new JobOptions { SourceIdleTimeoutMs = 50 } };
        var src = plan.Source("t", schema, PlanBuilder.Connector("values", ("data-id", ValuesSourceFactory.Register(rows)), ("partitions", "1"),
            ("bounded", "false"), ("rows-per-read", "10")), new WatermarkSpec(1, Col(1, SqlType.Timestamp(3)), null));
        var spec = new WindowAggregateSpec(new TumbleWindow(1, false, 1_000, 0), [0], [Aggs.CountStar()], [WindowProperty.End], AggregatePhase.Single);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, 2, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);

        using var stop = new CancellationTokenSource();
        var run = JobRunner.RunAsync(plan.Build(), new JobRunOptions { Connectors = PlanBuilder.Registry, Expressions = TestExpressions.Instance }, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (CollectSinkFactory.Get(sink).Count < 12 && DateTime.UtcNow < deadline && !run.IsCompleted) await Task.Delay(20);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // Windows [0, 1s) .. [3s, 4s) have closed (the watermark reached 4.9 s): 4 windows x 3 keys.
        var fired = CollectSinkFactory.Get(sink).Where(r => Time.EventTime.ToMillis((DateTime)r.Row[2]!) <= 4_000).ToList();
        Assert.Equal(12, fired.Count);
        Assert.All(fired, r => Assert.InRange((long)r.Row[1]!, 3, 4));
    }
}
