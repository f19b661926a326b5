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
// Event time advances at `rate` feed rows per event-second (default 1000, i.e. 4.2 M feed rows live in W + D),
// watermark = max ts - 5 s after every feed batch. Run one configuration per process so that peak memory is its own:
//   dotnet run -c Release --project bench/Bsql.Bench.Sjoin -- [feedRows] [capMB|unlimited|interval] [rate]
// `interval` runs the baseline instead: the interval LEFT join on the same data (b.t in [a.t, a.t + W)), which emits
// matches at once and pads unmatched rows when they expire, with no delay and no spill.
var feedRows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000L;
var mode = args.Length > 1 ? args[1] : "512";
var baseline = mode == "interval";
long? capBytes = mode is not "unlimited" and not "interval" ? long.Parse(mode, CultureInfo.InvariantCulture) * 1024 * 1024 : null;
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
long peakHeap = 0;
var trace2 = Environment.GetEnvironmentVariable("BENCH_TRACE") == "2";
long maxWs = 0, maxAt = 0;
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
    if (feedBatch.IsFull)
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
        // Live heap after a full collection, every ~1 M feed rows (outside the timed operator calls).
        if (trace2)
        {
            var ws = Environment.WorkingSet;
            if (ws > maxWs) { maxWs = ws; maxAt = i; }
            if ((i & ((1 << 18) - 1)) < 1024)
            {
                var info = GC.GetGCMemoryInfo();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  t2 i={i / 1e6:F2}M maxws={maxWs >> 20}@{maxAt / 1e6:F2} ws={ws >> 20} lastgc: gen={info.Generation} heap={info.HeapSizeBytes >> 20} frag={info.FragmentedBytes >> 20} committed={info.TotalCommittedBytes >> 20} promoted={info.PromotedBytes >> 20} gen0budget? g0={GC.CollectionCount(0)} g1={GC.CollectionCount(1)} g2={GC.CollectionCount(2)} alloc={GC.GetTotalAllocatedBytes() >> 20} state={sjoin.MemoryBytes >> 20}"));
                maxWs = 0;
            }
        }
        else if ((i & ((1 << 20) - 1)) < 1024)
        {
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: true));
            if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null)
            {
                var info = GC.GetGCMemoryInfo();
                using var self = Process.GetCurrentProcess();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  trace i={i / 1e6:F1}M ws={self.WorkingSet64 >> 20} heap={info.HeapSizeBytes >> 20} frag={info.FragmentedBytes >> 20} committed={info.TotalCommittedBytes >> 20} gen0={info.GenerationInfo[0].SizeAfterBytes >> 20} loh={info.GenerationInfo[3].SizeAfterBytes >> 20} state={sjoin.MemoryBytes >> 20}"));
            }
        }
    }
}
operatorTime.Start();
if (feedBatch.Count > 0) op.ProcessBatch(0, feedBatch);
if (clickBatch.Count > 0) op.ProcessBatch(1, clickBatch);
timers.CurrentWatermark = long.MaxValue;
op.ProcessWatermark(long.MaxValue);
op.FlushCollected();
operatorTime.Stop();
wall.Stop();
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

var c = sjoin.Counters;
var input = feedRows + clickRows;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{(baseline ? "interval join (baseline)" : "sjoin")} cap={(capBytes is null ? "unlimited" : capBytes / 1024 / 1024 + " MB")} feed={feedRows:N0} click={clickRows:N0} rate={rate}/s event time span={(feedRows / (double)rate) / 3600:F2} h"));
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
        $"  state peak (estimated) {c.PeakMemoryBytes / 1048576.0:F0} MiB; spilled {c.SpilledBytes / 1048576.0:F0} MiB in {c.SpilledRows:N0} rows; over limit {c.OverLimit}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB; peak live managed heap (sampled after full GCs) {peakHeap / 1048576.0:F0} MiB; gen2 GCs {GC.CollectionCount(2)}"));
await op.CloseAsync(CancellationToken.None);

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
