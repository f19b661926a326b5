using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.Nexmark;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;

namespace Bsql.Runtime.Tests;

public sealed class NexmarkSourceTests
{
    private static readonly SqlType Ts = SqlType.Timestamp(3);

    /// <summary>The physical columns of the Nexmark DDL's <c>datagen</c> table.</summary>
    internal static RowSchema NexmarkSchema { get; } = new(ImmutableArray.Create(
        new RowField("event_type", SqlType.Int),
        new RowField("person", SqlType.Row([
            new("id", SqlType.BigInt), new("name", SqlType.String), new("emailAddress", SqlType.String), new("creditCard", SqlType.String),
            new("city", SqlType.String), new("state", SqlType.String), new("dateTime", Ts), new("extra", SqlType.String)])),
        new RowField("auction", SqlType.Row([
            new("id", SqlType.BigInt), new("itemName", SqlType.String), new("description", SqlType.String), new("initialBid", SqlType.BigInt),
            new("reserve", SqlType.BigInt), new("dateTime", Ts), new("expires", Ts), new("seller", SqlType.BigInt), new("category", SqlType.BigInt),
            new("extra", SqlType.String)])),
        new RowField("bid", SqlType.Row([
            new("auction", SqlType.BigInt), new("bidder", SqlType.BigInt), new("price", SqlType.BigInt), new("channel", SqlType.String),
            new("url", SqlType.String), new("dateTime", Ts), new("extra", SqlType.String)]))));

    private static SourceContext Context(RowSchema schema, IDictionary<string, string> options, int subtask = 0, int parallelism = 1,
        TimeProvider? time = null, string? restored = null, int batchSize = 1024)
    {
        var connector = new ConnectorSpec("nexmark", options.ToImmutableSortedDictionary(StringComparer.Ordinal));
        var spec = new SourceSpec("datagen", connector, schema, ImmutableArray<BoundExpr>.Empty, null);
        return new SourceContext(spec, connector, subtask, parallelism, time ?? TimeProvider.System) { RestoredPosition = restored, BatchSize = batchSize };
    }

    [Fact]
    public void Registry_FindsTheNexmarkConnector()
    {
        Assert.IsType<NexmarkSourceFactory>(ConnectorRegistry.CreateDefault().GetSource("nexmark"));
    }

    [Fact]
    public async Task BoundedSource_EmitsItsSplitAndFinishes()
    {
        var options = new Dictionary<string, string> { ["events.num"] = "5000" };
        var all = new List<object?[]>();
        for (var subtask = 0; subtask < 2; subtask++)
        {
            await using var source = new NexmarkSourceFactory().CreateSource(Context(NexmarkSchema, options, subtask, 2));
            Assert.True(source.IsBounded);
            await source.OpenAsync(CancellationToken.None);
            var output = new NexmarkTestOutput(4, TimeProvider.System);
            Assert.Equal(SourceStatus.Finished, await output.DrainAsync(source));
            Assert.Equal(2500, output.Rows.Count);
            Assert.Equal(new[] { subtask }, output.AssignedPartitions);
            Assert.Equal(new[] { subtask }, output.FinishedPartitions);
            Assert.All(output.Partitions, p => Assert.Equal(subtask, p));
            Assert.Equal("2500", source.SnapshotPosition());
            all.AddRange(output.Rows);
        }
        // The same events a parallelism-2 generator pair produces.
        var expected = new List<object?[]>();
        for (var i = 0; i < 2; i++)
        {
            var g = new NexmarkGenerator(new NexmarkConfig { EventsNum = 5000 }, i, 2);
            while (g.HasNext) expected.Add(g.Next());
        }
        Assert.True(expected.Zip(all).All(p => LiteralValues.AreEqual(p.First, p.Second)));
    }

    [Fact]
    public async Task ReadAsync_ReturnsAboutABatchPerCall()
    {
        await using var source = new NexmarkSource(Context(NexmarkSchema, new Dictionary<string, string>(), batchSize: 100));
        Assert.False(source.IsBounded);
        await source.OpenAsync(CancellationToken.None);
        var output = new NexmarkTestOutput(4, TimeProvider.System);
        Assert.Equal(SourceStatus.Active, await output.ReadOnceAsync(source));
        Assert.Equal(100, output.Rows.Count);
        Assert.Equal("100", source.SnapshotPosition());
    }

    [Fact]
    public async Task RestoredSource_ContinuesWithTheSameEvents()
    {
        var options = new Dictionary<string, string> { ["events.num"] = "3000", ["seed"] = "5" };
        await using var whole = new NexmarkSource(Context(NexmarkSchema, options));
        await whole.OpenAsync(CancellationToken.None);
        var wholeOut = new NexmarkTestOutput(4, TimeProvider.System);
        await wholeOut.DrainAsync(whole);

        await using var first = new NexmarkSource(Context(NexmarkSchema, options, batchSize: 700));
        await first.OpenAsync(CancellationToken.None);
        var firstOut = new NexmarkTestOutput(4, TimeProvider.System);
        await firstOut.ReadOnceAsync(first);
        await firstOut.ReadOnceAsync(first);
        var position = first.SnapshotPosition();
        Assert.Equal("1400", position);

        await using var restored = new NexmarkSource(Context(NexmarkSchema, options, restored: position));
        await restored.OpenAsync(CancellationToken.None);
        var restOut = new NexmarkTestOutput(4, TimeProvider.System);
        await restOut.DrainAsync(restored);
        var combined = firstOut.Rows.Concat(restOut.Rows).ToList();
        Assert.Equal(3000, combined.Count);
        Assert.True(wholeOut.Rows.Zip(combined).All(p => LiteralValues.AreEqual(p.First, p.Second)));
    }

    [Fact]
    public async Task PacedSource_EmitsEachEventWhenTheClockReachesItsEventTime()
    {
        var clock = new NexmarkTestClock();
        var options = new Dictionary<string, string> { ["events.num"] = "2000", ["first-event.rate"] = "1000", ["max-emit-speed"] = "false" };
        await using var source = new NexmarkSource(Context(NexmarkSchema, options, time: clock));
        await source.OpenAsync(CancellationToken.None);
        var output = new NexmarkTestOutput(4, clock);
        Assert.Equal(SourceStatus.Finished, await output.DrainAsync(source));
        Assert.Equal(2000, output.Rows.Count);
        // 1000 events/s: event k is due k ms after the first; it must not come out earlier, nor
        // much later (the fake clock only moves while the source waits).
        for (var k = 0; k < output.Rows.Count; k++) Assert.InRange(output.EmittedAtMs[k], k, k + 2);
        Assert.InRange(clock.Elapsed.TotalMilliseconds, 1999, 2001);
    }

    [Fact]
    public void BadOptions_FailWithBsql4001NamingTheOption()
    {
        var error = Assert.Throws<BsqlRuntimeException>(() => new NexmarkSource(Context(NexmarkSchema, new Dictionary<string, string> { ["events.num"] = "-1" })));
        Assert.Equal("BSQL4001", error.Code);
        Assert.Equal("table 'datagen': 'events.num' must be between 0 and 9223372036854775807, found -1", error.Message);
    }

    [Fact]
    public void AWrongSchema_FailsWithBsql4001()
    {
        var schema = new RowSchema(ImmutableArray.Create(new RowField("event_type", SqlType.Int), new RowField("bid", SqlType.String)));
        var error = Assert.Throws<BsqlRuntimeException>(() => new NexmarkSource(Context(schema, new Dictionary<string, string>())));
        Assert.Equal("BSQL4001", error.Code);
        Assert.StartsWith("table 'datagen': the nexmark connector produces the columns (event_type INT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAlive_StaysIdleAfterTheLastEvent()
    {
        var clock = new NexmarkTestClock();
        var options = new Dictionary<string, string> { ["events.num"] = "10", ["keep-alive"] = "true" };
        await using var source = new NexmarkSource(Context(NexmarkSchema, options, time: clock));
        Assert.False(source.IsBounded);
        await source.OpenAsync(CancellationToken.None);
        var output = new NexmarkTestOutput(4, clock);
        Assert.Equal(SourceStatus.Idle, await output.DrainAsync(source, maxCalls: 5));
        Assert.Equal(10, output.Rows.Count);
        Assert.Equal(new[] { 0 }, output.FinishedPartitions);
    }

    [Fact]
    public async Task Job_NexmarkToCollectSink_DeliversEveryEventOnce_AtParallelism2()
    {
        var plan = new PlanBuilder(2);
        var src = plan.Source("datagen", NexmarkSchema, PlanBuilder.Connector("nexmark", ("events.num", "20000")));
        var sink = plan.Collect(src);
        await plan.RunAsync();
        var rows = CollectSinkFactory.Get(sink).Select(r => r.Row).ToList();
        Assert.Equal(20_000, rows.Count);
        Assert.Equal(400, rows.Count(r => (int)r[0]! == 0));
        Assert.Equal(1_200, rows.Count(r => (int)r[0]! == 1));
        // Event ids run 2..20001, so the persons are events 50, 100, ..., 20000: ids 1001..1400, each once.
        Assert.Equal(Enumerable.Range(1001, 400).Select(i => (long)i), rows.Where(r => (int)r[0]! == 0).Select(r => (long)((object?[])r[1]!)[0]!).Order());
    }
}
