using System.Diagnostics;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;
using Xunit.Abstractions;

namespace Bsql.Runtime.Tests;

public sealed class PerfProbeTests(ITestOutputHelper output)
{
    private static readonly RowSchema Seq = PlanBuilder.Schema(("id", SqlType.BigInt), ("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));

    [Theory]
    [InlineData("filter", 300_000)]
    [InlineData("hop", 100_000)]
    public async Task Probe(string kind, long rows)
    {
        var plan = new PlanBuilder(1);
        var src = plan.Source("t", Seq, PlanBuilder.Connector("sequence", ("rows", rows.ToString()), ("keys", "1000"), ("step-ms", "1")),
            new WatermarkSpec(3, Call("-", SqlType.Timestamp(3), Col(3, SqlType.Timestamp(3)), Interval(1000)), null));
        int last;
        if (kind == "filter")
        {
            last = plan.Calc(src, PlanBuilder.Schema(("id", SqlType.BigInt), ("v", SqlType.BigInt)),
                new Bsql.Planner.Expressions.Call(">", [Col(2, SqlType.BigInt), Lit(100L, SqlType.BigInt)], SqlType.Boolean), Col(0, SqlType.BigInt), Col(2, SqlType.BigInt));
        }
        else
        {
            var spec = new WindowAggregateSpec(new HopWindow(3, false, 2_000, 10_000), [1], [Aggs.CountStar(), Aggs.Of(AggregateFunction.Max, 2, SqlType.BigInt, "m")],
                [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single);
            last = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("m", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3))),
                ChangelogMode.InsertOnly, 1, (src, EdgeKind.Hash, [1]));
        }
        plan.Sink(last, PlanBuilder.Connector("blackhole"));
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await plan.Build().RunWithDefaults();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        output.WriteLine($"{kind}: {rows / watch.Elapsed.TotalSeconds:N0} rows/s wall, {rows / cpuSeconds:N0} rows per CPU-second; out {result.Metrics.Operators[last].RowsOut}");
        Assert.Equal(rows, result.Metrics.Operators[src].RowsOut);
    }
}

internal static class PlanRunExtensions
{
    public static Task<Execution.JobResult> RunWithDefaults(this PhysicalPlan plan) =>
        Execution.JobRunner.RunAsync(plan, new Execution.JobRunOptions { Connectors = PlanBuilder.Registry, Output = TextWriter.Null }, CancellationToken.None);
}
