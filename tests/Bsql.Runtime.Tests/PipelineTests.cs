using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class PipelineTests
{
    private static readonly RowSchema AB = PlanBuilder.Schema(("a", SqlType.BigInt), ("b", SqlType.String));

    private static List<object?[]> Rows(int n) => Enumerable.Range(0, n).Select(i => new object?[] { (long)i, "r" + i }).ToList();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(3, 2)]
    public async Task FilterProject_KeepsMatchingRows_AtAnyParallelism(int parallelism, int partitions)
    {
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", AB, Rows(5000), partitions: partitions, rowsPerRead: 100);
        var calc = plan.Calc(src, PlanBuilder.Schema(("b", SqlType.String), ("a", SqlType.BigInt)),
            Gt(Col(0, SqlType.BigInt), Lit(100L, SqlType.BigInt)), Col(1, SqlType.String), Col(0, SqlType.BigInt));
        var sink = plan.Collect(calc);
        var result = await plan.RunAsync();

        var got = CollectSinkFactory.Get(sink).Select(r => ((string)r.Row[0]!, (long)r.Row[1]!)).Order().ToList();
        var expected = Rows(5000).Where(r => (long)r[0]! > 100).Select(r => ((string)r[1]!, (long)r[0]!)).Order().ToList();
        Assert.Equal(expected, got);
        Assert.Equal(5000, result.Metrics.Operators[calc].RowsIn);
        Assert.Equal(expected.Count, result.Metrics.Operators[calc].RowsOut);
    }

    [Fact]
    public async Task PrintSink_WritesFlinkRowFormat()
    {
        var plan = new PlanBuilder();
        var schema = PlanBuilder.Schema(("a", SqlType.BigInt), ("b", SqlType.String), ("ts", SqlType.Timestamp(3)), ("d", SqlType.Double));
        var src = plan.Values("t", schema, [[1L, "x", Ts(1706702400000), 1.5], [2L, null, Ts(1706702400123), 2.0]]);
        plan.Sink(src, PlanBuilder.Connector("print", ("print-identifier", "out")));
        var text = new StringWriter();
        await plan.RunAsync(text);
        Assert.Equal("out> +I[1, x, 2024-01-31 12:00:00.000, 1.5]\nout> +I[2, null, 2024-01-31 12:00:00.123, 2.0]\n", text.ToString());
    }

    [Fact]
    public async Task HashExchange_SendsEqualKeysToOneSubtask()
    {
        var plan = new PlanBuilder(2);
        var src = plan.Values("t", AB, Rows(2000), partitions: 2, rowsPerRead: 50);
        var keyed = plan.Add(new UnionSpec(), AB, ChangelogMode.InsertOnly, 3, (src, EdgeKind.Hash, [1]));
        var sink = plan.Collect(keyed, 3, EdgeKind.Forward);
        await plan.RunAsync();
        var rows = CollectSinkFactory.Get(sink);
        Assert.Equal(2000, rows.Count);
    }

    [Fact]
    public async Task SlowSink_AppliesBackpressure_WithoutLosingRows()
    {
        var plan = new PlanBuilder();
        var src = plan.Values("t", AB, Rows(20_000), rowsPerRead: 100);
        var sink = plan.Collect(src, parallelism: 1, edge: EdgeKind.Rebalance, delayMs: 1);
        var metrics = new Bsql.Runtime.Metrics.JobMetrics();
        var run = plan.RunAsync(options: new Execution.JobRunOptions { Metrics = metrics, ChannelCapacity = 2, BatchSize = 100 });
        await Task.Delay(50);
        // While the sink is slow, the source cannot run ahead by more than the channel and a batch or two.
        var ahead = metrics.Operators[1].RowsOut - (metrics.Operators.TryGetValue(2, out var s) ? s.RowsOut : 0);
        Assert.InRange(ahead, 0, 100 * 6);
        await run;
        Assert.Equal(20_000, CollectSinkFactory.Get(sink).Count);
    }
}
