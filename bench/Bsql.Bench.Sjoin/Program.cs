using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;
using Bsql.Runtime.Operators;
using Bsql.Runtime.Time;

// The delayed window join (SJoin) on one thread: feed:click = 150:20, 1-hour window, 10-minute delay, key (req_id, item_id).
// Event time advances at `rate` feed rows per event-second (default 1000: 1000x real time for a stream read at ~1 M rows/s;
// 4.2 M feed rows live in W + D), watermark = max ts - 7 s after every feed batch. Run one configuration per process so
// that peak memory is its own (bench/Bsql.Bench.Sjoin/run.sh runs them all):
//   dotnet bench/Bsql.Bench.Sjoin/bin/Release/net10.0/Bsql.Bench.Sjoin.dll [feedRows] [capMB|unlimited|interval] [rate]
// `interval` runs the baseline instead: the interval LEFT join on the same data (b.t in [a.t, a.t + W)), which emits
// matches at once and pads unmatched rows when they expire, with no delay and no spill.
var feedRows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000L;
var mode = args.Length > 1 ? args[1] : "512";
var baseline = mode == "interval";
// `generate`: the same rows and batches with no operator, to tell the generator's CPU from the operator's.
var generateOnly = mode == "generate";
long? capBytes = mode is not "unlimited" and not "interval" and not "generate" ? long.Parse(mode, CultureInfo.InvariantCulture) * 1024 * 1024 : null;
var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;

var feed = new RowSchema(ImmutableArray.Create(new RowField("req_id", SqlType.String), new RowField("user_id", SqlType.String),
    new RowField("item_id", SqlType.BigInt), new RowField("scene", SqlType.String), new RowField("ts", SqlType.Timestamp(3))));
var click = new RowSchema(ImmutableArray.Create(new RowField("req_id", SqlType.String), new RowField("item_id", SqlType.BigInt),
    new RowField("ts", SqlType.Timestamp(3))));
var spec = new DelayedWindowJoinSpec([0, 2], [0, 1], 4, 2, 3_600_000, 600_000, false, null, LateRowPolicy.Emit);
var physical = new PhysicalOperator(1, "DelayedWindowJoin", spec, new RowSchema([.. feed.Fields, .. click.Fields]), ChangelogMode.InsertOnly, 1);
var timers = new BenchTimers();
var context = new OperatorContext(physical, 0, new JobOptions { StateMemoryMaxBytes = capBytes }, TimeProvider.System, timers,
    new NoExpressions(), new OperatorMetrics(1, "sjoin")) { InputSchemas = [feed, click] };
var sjoin = new DelayedWindowJoinOperator(spec, new DelayedWindowJoinOptions { SpillDirectory = Path.Combine(Path.GetTempPath(), "bsql-bench-sjoin") });
StreamOperator op = baseline
    ? new IntervalJoinOperator(new IntervalJoinSpec(JoinType.Left, [0, 2], [0, 1], 4, 2, 0, 3_600_000 - 1, null))
    : sjoin;
var output = new CountingOutput();
op.Setup(context, output);
await op.OpenAsync(CancellationToken.None);

var random = new Random(42);
const long t0 = 1_767_225_600_000;
var ring = new (string Req, long Item, long Ts)[600_000];
var scenes = new[] { "home", "home", "search", "detail" };
var step = 1000.0 / rate;
long clickRows = 0;
var operatorTime = new Stopwatch();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var wall = Stopwatch.StartNew();
long peakHeap = 0, peakCommitted = 0, peakLive = 0;
long lastGcIndex = -1, lastFullGcIndex = -1;
var feedBatch = new RowBatch();
var clickBatch = new RowBatch();
for (long i = 0; i < feedRows; i++)
{
    var ts = t0 + (long)(i * step) + random.Next(0, 2000);
    var req = "r" + (i / 4).ToString("D10", CultureInfo.InvariantCulture);
    var item = (long)random.Next(1_000_000);
    feedBatch.Add([req, "u" + random.Next(100_000).ToString(CultureInfo.InvariantCulture), item, scenes[random.Next(4)], EventTime.ToTimestamp(ts)]);
    ring[i % ring.Length] = (req, item, ts);
    // 20 clicks per 150 impressions, on an impression of the last 10 minutes (skewed to recent ones).
    if (random.Next(150) < 20 && i > 0)
    {
        var back = (long)(Math.Min(i, ring.Length - 1) * Math.Pow(random.NextDouble(), 3));
        var target = ring[(i - back) % ring.Length];
        clickBatch.Add([target.Req, target.Item, EventTime.ToTimestamp(Math.Max(target.Ts, ts - 2000) + random.Next(0, 3000))]);
        clickRows++;
    }
    if (feedBatch.IsFull && generateOnly)
    {
        feedBatch = new RowBatch();
        clickBatch = new RowBatch();
    }
    else if (feedBatch.IsFull)
    {
        operatorTime.Start();
        op.ProcessBatch(0, feedBatch);
        op.FlushCollected();
        if (clickBatch.Count > 0) op.ProcessBatch(1, clickBatch);
        var watermark = ts - 7000;
        if (watermark > timers.CurrentWatermark)
        {
            timers.CurrentWatermark = watermark;
            op.ProcessWatermark(watermark);
        }
        op.FlushCollected();
        operatorTime.Stop();
        feedBatch = new RowBatch();
        clickBatch = new RowBatch();
        SampleGc();
    }
}
if (generateOnly)
{
    var generation = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"generate only: feed={feedRows:N0} click={clickRows:N0}: {generation:F1} s of process CPU, {wall.Elapsed.TotalSeconds:F1} s wall"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  | generation only | {generation:F1} CPU-s |"));
    return;
}
operatorTime.Start();
if (feedBatch.Count > 0) op.ProcessBatch(0, feedBatch);
if (clickBatch.Count > 0) op.ProcessBatch(1, clickBatch);
timers.CurrentWatermark = long.MaxValue;
op.ProcessWatermark(long.MaxValue);
op.FlushCollected();
operatorTime.Stop();
wall.Stop();
SampleGc();
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

var c = sjoin.Counters;
var input = feedRows + clickRows;
var label = baseline ? "interval join (baseline)" : "sjoin";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{label} cap={(capBytes is null ? "unlimited" : capBytes / 1024 / 1024 + " MB")} feed={feedRows:N0} click={clickRows:N0} rate={rate}/s event time span={(feedRows / (double)rate) / 3600:F2} h"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  wall: operator calls {operatorTime.Elapsed.TotalSeconds:F1} s = {input / operatorTime.Elapsed.TotalSeconds / 1e3:F0} k input rows/s; with generation {wall.Elapsed.TotalSeconds:F1} s"));
// On a shared, overloaded machine wall time mostly measures waiting for a core: CPU time is the per-core figure.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  cpu: {cpu:F1} s of process CPU (generation, operator, GC, spill I/O) = {input / cpu / 1e3:F0} k input rows per CPU-second"));
var detail = baseline ? "" : string.Create(CultureInfo.InvariantCulture,
    $": matched {c.MatchedRows:N0}, unmatched {c.UnmatchedRows:N0}, late left {c.LateLeftEmitted:N0}, late right {c.LateRightDropped:N0}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  output {output.Rows:N0} rows{detail}"));
if (!baseline)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  state peak (estimated) {c.PeakMemoryBytes / 1048576.0:F0} MiB; spilled {c.SpilledBytes / 1048576.0:F0} MiB in {c.SpilledRows:N0} rows ({c.RightSpilledRows:N0} right); right segments scanned {c.RightScannedBytes / 1048576.0:F0} MiB; over limit {c.OverLimit}; induced full GCs {c.InducedCollections}"));
}
var peakWs = Process.GetCurrentProcess().PeakWorkingSet64;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  memory peaks: process working set {peakWs / 1048576.0:F0} MiB; GC heap {peakHeap / 1048576.0:F0} MiB (committed {peakCommitted / 1048576.0:F0} MiB); live after a full GC {peakLive / 1048576.0:F0} MiB; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F1} s, allocated {GC.GetTotalAllocatedBytes() / 1073741824.0:F1} GiB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  | {label}, {(capBytes is null ? "unlimited" : capBytes / 1024 / 1024 + " MB")} | {input / cpu / 1e3:F0} k | {input / operatorTime.Elapsed.TotalSeconds / 1e3:F0} k | {peakWs / 1048576.0:F0} MiB | {peakHeap / 1048576.0:F0} MiB | {peakLive / 1048576.0:F0} MiB | {(baseline ? "–" : (c.SpilledBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB")} |"));
await op.CloseAsync(CancellationToken.None);

// GC heap figures without forcing collections: the heap size and commit at the last GC (garbage included), and the
// live heap after the last full blocking GC (its size less fragmentation).
void SampleGc()
{
    var count = GC.CollectionCount(0);
    if (count == lastGcIndex) return;
    lastGcIndex = count;
    var any = GC.GetGCMemoryInfo(GCKind.Any);
    peakHeap = Math.Max(peakHeap, any.HeapSizeBytes);
    peakCommitted = Math.Max(peakCommitted, any.TotalCommittedBytes);
    var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
    if (full.Index != lastFullGcIndex)
    {
        lastFullGcIndex = full.Index;
        peakLive = Math.Max(peakLive, full.HeapSizeBytes - full.FragmentedBytes);
    }
}

/// <summary>Timers driven by the benchmark loop.</summary>
internal sealed class BenchTimers : ITimerService
{
    public long CurrentWatermark { get; set; } = long.MinValue;

    public long CurrentProcessingTime => 0;

    public void RegisterEventTimer(long time, object key) => throw new NotSupportedException();

    public void RegisterProcessingTimer(long time, object key) => throw new NotSupportedException();

    public void DeleteEventTimer(long time, object key) => throw new NotSupportedException();
}

/// <summary>The join has no residual condition here.</summary>
internal sealed class NoExpressions : IExpressionCompiler
{
    public Func<object?[], object?> Compile(Bsql.Planner.Expressions.BoundExpr expression) => throw new NotSupportedException();

    public Func<object?[], bool> CompilePredicate(Bsql.Planner.Expressions.BoundExpr predicate) => throw new NotSupportedException();
}

/// <summary>Counts output rows.</summary>
internal sealed class CountingOutput : IOutput
{
    public long Rows { get; private set; }

    public void Emit(RowBatch batch) => Rows += batch.Count;

    public void EmitWatermark(long watermark)
    {
    }
}
