using System.Diagnostics;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Lookup;
using Polly.CircuitBreaker;
using Xunit.Abstractions;

namespace Bsql.IntegrationTests.HBase;

/// <summary>
/// The dual-cluster router against two fake HBase REST servers, A misbehaving on cue. Lookups take the production
/// path: a <see cref="LookupBatcher"/> (retries, then the failure policy) over an <see cref="HBaseLookupClient"/>.
/// </summary>
public sealed class HBaseDualClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeHBaseRestServer _a = new(seed: 11);
    private readonly FakeHBaseRestServer _b = new(seed: 12);
    private readonly Dictionary<string, object?[]> _oracle = HBaseTestTable.Oracle(400);
    private string Clusters => $"A={_a.BaseUri};B={_b.BaseUri}";

    public async Task InitializeAsync() => await HBaseTestTable.SeedAsync(Clusters, _oracle.Values, _a, _b);

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private sealed record Setup(HBaseLookupClient Client, LookupBatcher Batcher, LookupMetrics Metrics) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Batcher.DisposeAsync();
    }

    private static async Task<Setup> OpenAsync(string clusters, string routing, string timeout)
    {
        var metrics = new LookupMetrics(HBaseTestTable.Name);
        var connector = HBaseTestTable.Connector(clusters, ("routing", routing), ("lookup.timeout", timeout), ("lookup.batch.size", "4"), ("lookup.batch.linger", "0ms"));
        var client = HBaseLookupClient.Create(connector, HBaseTestTable.Schema, [0], metrics);
        await client.Router.WarmUpAsync(CancellationToken.None);
        return new Setup(client, new LookupBatcher(client, LookupOptions.From(connector), metrics), metrics);
    }

    private sealed record LoadResult(int Failures, int Wrong);

    /// <summary>
    /// Two workers, each looking up 4 random keys (half of them missing) at a time until <paramref name="calls"/> groups
    /// are done; every outcome is checked against the oracle. No timing is measured (see bench/Bsql.Bench.Lookup).
    /// </summary>
    private async Task<LoadResult> RunAsync(LookupBatcher batcher, int calls)
    {
        var failures = 0;
        var wrong = 0;
        var remaining = calls;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async w =>
        {
            var random = new Random(w * 7919 + 17);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var keys = Enumerable.Range(0, 4).Select(_ => "user-" + random.Next(400)).ToArray();
                var outcomes = await Task.WhenAll(keys.Select(k => batcher.LookupAsync([k]).AsTask()));
                for (var i = 0; i < keys.Length; i++)
                {
                    if (outcomes[i].Status == LookupStatus.Failed)
                    {
                        if (Interlocked.Increment(ref failures) == 1) output.WriteLine("first failure: " + outcomes[i].Error);
                        continue;
                    }
                    var ok = _oracle.TryGetValue(keys[i], out var expected)
                        ? outcomes[i].Rows.Count == 1 && outcomes[i].Rows[0][0]!.Equals(expected[0])
                          && ((object?[])outcomes[i].Rows[0][2]!)[0]!.Equals(((object?[])expected[2]!)[0])
                        : outcomes[i].Status == LookupStatus.Missing;
                    if (!ok) Interlocked.Increment(ref wrong);
                }
            }
        }));
        return new LoadResult(failures, wrong);
    }

    private static (long A, long B) Served(LookupMetrics metrics) => (metrics.ServedBy("A"), metrics.ServedBy("B"));

    [Fact]
    public async Task HealthyA_ServesAllTraffic()
    {
        // A generous timeout (its hedge delay is half of it, 2.5 s): a stall of a busy machine must not look like a slow A,
        // or a request would be hedged to B and B could win it.
        await using var setup = await OpenAsync(Clusters, "rt-balanced", "5s");

        var result = await RunAsync(setup.Batcher, calls: 300);

        Assert.Equal((0, 0), (result.Failures, result.Wrong));
        Assert.True(setup.Metrics.ServedBy("A") > 0);
        Assert.Equal(0, setup.Metrics.ServedBy("B"));
        Assert.Equal(0, setup.Client.Router.SecondaryShare);
    }

    [Fact]
    public async Task FlakyAndSlowA_NoLookupFails_SomeTrafficMovesToB()
    {
        // Functional behaviour only: latency is measured by bench/Bsql.Bench.Lookup, never by a test. The timeout is
        // generous (a stalled, busy machine must not look like a slow cluster) and the injected slowness is scaled to it:
        // slow requests outlast the timeout, so each of them is hedged to B (after half the timeout) or fails on A.
        await using var setup = await OpenAsync(Clusters, "rt-balanced", "500ms");
        await RunAsync(setup.Batcher, calls: 50);
        var before = Served(setup.Metrics);
        _a.Faults = new FakeHBaseFaults { ErrorRate = 0.05, SlowFraction = 0.10, SlowLatency = TimeSpan.FromMilliseconds(1500) };

        var result = await RunAsync(setup.Batcher, calls: 300);

        var after = Served(setup.Metrics);
        output.WriteLine($"served A {after.A - before.A}, B {after.B - before.B}; A refused {_a.Failed}; share to B now {setup.Client.Router.SecondaryShare:F2}");
        Assert.Equal((0, 0), (result.Failures, result.Wrong));
        Assert.True(_a.Failed > 0, "the faults were injected");
        // Every request A answered with an error was served by B (or no lookup would have succeeded).
        Assert.True(after.B - before.B > 0, "some traffic moved to B");
        Assert.True(after.A - before.A > after.B - before.B, "A is degraded, not down: it keeps most of the traffic");
    }

    [Fact]
    public async Task ADown_EventuallyAllTrafficOnB_NothingFails_ThenTrafficReturnsToA()
    {
        await using var setup = await OpenAsync(Clusters, "rt-balanced", "1s");
        var healthy = await RunAsync(setup.Batcher, calls: 50);
        Assert.Equal((0, 0), (healthy.Failures, healthy.Wrong));
        Assert.True(setup.Metrics.ServedBy("A") > 0);

        _a.Faults = new FakeHBaseFaults { Outage = FakeHBaseOutage.RefuseConnections };
        var down = Served(setup.Metrics);
        var bRequestsBefore = _b.MultiGets;
        // A settling period: the router needs evidence (errors in its window) before it moves the whole share to B.
        var failures = 0;
        var wrong = 0;
        var settled = Stopwatch.StartNew();
        double share;
        while ((share = setup.Client.Router.SecondaryShare) < 1.0 && settled.Elapsed < TimeSpan.FromSeconds(15))
        {
            var run = await RunAsync(setup.Batcher, calls: 20);
            (failures, wrong) = (failures + run.Failures, wrong + run.Wrong);
        }
        Assert.Equal(1.0, share);
        var whileDown = await RunAsync(setup.Batcher, calls: 100);
        var after = Served(setup.Metrics);
        Assert.Equal((0, 0), (failures + whileDown.Failures, wrong + whileDown.Wrong));
        // A refuses every connection, so every lookup made while it was down was answered by B.
        Assert.Equal(down.A, after.A);
        Assert.True(after.B - down.B > 0);
        Assert.True(_b.MultiGets - bRequestsBefore >= after.B - down.B);

        // A is back: traffic returns to it once the evidence against it has aged out (a few seconds) — polled, with a
        // generous bound, and checked on a window of lookups: A serves (nearly) all of them.
        _a.Faults = FakeHBaseFaults.None;
        var aShare = 0.0;
        var recovering = Stopwatch.StartNew();
        while (aShare < 0.95 && recovering.Elapsed < TimeSpan.FromSeconds(15))
        {
            var start = Served(setup.Metrics);
            var run = await RunAsync(setup.Batcher, calls: 50);
            var end = Served(setup.Metrics);
            Assert.Equal((0, 0), (run.Failures, run.Wrong));
            aShare = (double)(end.A - start.A) / Math.Max(1, end.A - start.A + end.B - start.B);
        }
        output.WriteLine($"A's share after {recovering.Elapsed.TotalSeconds:F1} s: {aShare:F3}; share to B now {setup.Client.Router.SecondaryShare:F2}");
        Assert.True(aShare >= 0.95, $"A served {aShare:P1} of the last window, {recovering.Elapsed.TotalSeconds:F1} s after recovering");
    }

    [Fact]
    public async Task FailoverRouting_UsesBOnlyWhileAFails()
    {
        await using var setup = await OpenAsync(Clusters, "failover", "1s");

        _a.Faults = new FakeHBaseFaults { Outage = FakeHBaseOutage.ServiceUnavailable };
        var down = await RunAsync(setup.Batcher, calls: 100);
        Assert.Equal((0, 0), (down.Failures, down.Wrong));
        Assert.Equal(0, setup.Metrics.ServedBy("A")); // A answers every request 503: B served every lookup
        Assert.True(setup.Metrics.ServedBy("B") > 0);
        Assert.True(setup.Metrics.ErrorsOf("A") > 0);

        // A is back: once its circuit has closed again (after the break duration a probe goes to A), A serves the
        // traffic and B none. Polled with a generous bound: a stall of the machine may delay the probe or fail a request.
        _a.Faults = FakeHBaseFaults.None;
        var clean = false;
        var recovering = Stopwatch.StartNew();
        while (!clean && recovering.Elapsed < TimeSpan.FromSeconds(15))
        {
            var before = Served(setup.Metrics);
            var back = await RunAsync(setup.Batcher, calls: 50);
            var after = Served(setup.Metrics);
            Assert.Equal((0, 0), (back.Failures, back.Wrong));
            clean = setup.Client.Router.CircuitOf(0) == CircuitState.Closed && after.A - before.A > 0 && after.B == before.B;
            if (!clean) await Task.Delay(200);
        }
        Assert.True(clean, $"B still served requests {recovering.Elapsed.TotalSeconds:F1} s after A recovered (A's circuit {setup.Client.Router.CircuitOf(0)})");
    }
}
