using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Lookup;

// Lookup latency of the rt-balanced dual-cluster router while A is degraded: two fake HBase REST servers (A, B) hold
// the same table; A answers 5% of requests with 500 and adds 50 ms to 10% of them. lookup.timeout = 10 ms (hedge after
// 5 ms). Two workers each look up 4 random keys (half missing) at a time through the production path (LookupBatcher
// over HBaseLookupClient); a lookup's latency is measured from the call to its outcome. Target: p99 < 20 ms.
//   dotnet run -c Release --project bench/Bsql.Bench.Lookup -- [jitter] [groups per phase, default 4000] [timeout ms, default 10]
//   dotnet run -c Release --project bench/Bsql.Bench.Lookup -- throughput [rows, default 100000] [stores, default redis,hbase]
// runs the lookup-join throughput benchmark instead (ThroughputBench).
if (args.Length > 0 && args[0] == "throughput")
{
    await Bsql.Bench.Lookup.ThroughputBench.RunAsync(args[1..]);
    return;
}
var jitterArgs = args.Length > 0 && args[0] == "jitter" ? args[1..] : args;
var groups = jitterArgs.Length > 0 ? int.Parse(jitterArgs[0], CultureInfo.InvariantCulture) : 4000;
var timeoutMs = jitterArgs.Length > 1 ? int.Parse(jitterArgs[1], CultureInfo.InvariantCulture) : 10;

await using var a = new FakeHBaseRestServer(seed: 11);
await using var b = new FakeHBaseRestServer(seed: 12);
const string table = "users";
var schema = new RowSchema([
    new RowField("rowkey", SqlType.String),
    new RowField("info", SqlType.Row([new RowField("name", SqlType.String), new RowField("age", SqlType.Int)])),
]);
ConnectorSpec Connector(params (string Key, string Value)[] more) =>
    new("hbase", new[] { ("table-name", table), ("clusters", $"A={a.BaseUri};B={b.BaseUri}") }.Concat(more)
        .ToImmutableSortedDictionary(o => o.Item1, o => o.Item2));

a.CreateTable(table);
b.CreateTable(table);
var rows = Enumerable.Range(0, 400).Where(i => i % 2 == 0).Select(i => new object?[] { "user-" + i, new object?[] { "name " + i, i % 90 } }).ToList();
await using (var writer = HBaseUpsertWriter.Create(Connector(), schema, new LookupMetrics(table)))
{
    foreach (var chunk in rows.Chunk(100)) await writer.UpsertAsync(chunk, CancellationToken.None);
}

var metrics = new LookupMetrics(table);
var connector = Connector(("routing", "rt-balanced"), ("lookup.timeout", timeoutMs + "ms"), ("lookup.batch.size", "4"), ("lookup.batch.linger", "0ms"));
var client = HBaseLookupClient.Create(connector, schema, [0], metrics);
await client.Router.WarmUpAsync(CancellationToken.None);
await using var batcher = new LookupBatcher(client, LookupOptions.From(connector), metrics);

async Task<(List<double> Latencies, int Failed)> RunAsync(int count)
{
    var latencies = new List<double>(count * 4);
    var failed = 0;
    var remaining = count;
    await Task.WhenAll(Enumerable.Range(0, 2).Select(async w =>
    {
        var random = new Random(w * 7919 + 17);
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var lookups = Enumerable.Range(0, 4).Select(async _ =>
            {
                var start = Stopwatch.GetTimestamp();
                var outcome = await batcher.LookupAsync(["user-" + random.Next(400)]);
                return (Ms: Stopwatch.GetElapsedTime(start).TotalMilliseconds, outcome.Status);
            }).ToArray();
            foreach (var (ms, status) in await Task.WhenAll(lookups))
            {
                lock (latencies) latencies.Add(ms);
                if (status == LookupStatus.Failed) Interlocked.Increment(ref failed);
            }
        }
    }));
    return (latencies, failed);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

void Report(string phase, List<double> latencies, int failed, (long A, long B) before)
{
    var (servedA, servedB) = (metrics.ServedBy("A") - before.A, metrics.ServedBy("B") - before.B);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{phase,-10} lookups {latencies.Count,6}  p50 {Percentile(latencies, 0.5),7:F2} ms  p99 {Percentile(latencies, 0.99),7:F2} ms  " +
        $"max {latencies.Max(),7:F2} ms  failed {failed}  served A {servedA} B {servedB} (B share {(double)servedB / Math.Max(1, servedA + servedB):P1})"));
}

Console.WriteLine($"lookup.timeout {timeoutMs} ms, {groups} groups of 4 lookups per phase, 2 workers, {Environment.ProcessorCount} cores");
await RunAsync(Math.Max(100, groups / 10)); // warm-up (JIT, connections)
var before = (metrics.ServedBy("A"), metrics.ServedBy("B"));
var (healthy, healthyFailed) = await RunAsync(groups);
Report("healthy", healthy, healthyFailed, before);

a.Faults = new FakeHBaseFaults { ErrorRate = 0.05, SlowFraction = 0.10, SlowLatency = TimeSpan.FromMilliseconds(50) };
before = (metrics.ServedBy("A"), metrics.ServedBy("B"));
var (degraded, degradedFailed) = await RunAsync(groups);
Report("degraded", degraded, degradedFailed, before);
Console.WriteLine($"A refused {a.Failed} requests; share to B now {client.Router.SecondaryShare:F3}");
