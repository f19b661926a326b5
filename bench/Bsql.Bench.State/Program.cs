using System.Diagnostics;
using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;

// Keyed state under state.memory.max: a 1-hour tumbling window COUNT(*)/SUM(v) over K distinct keys
// (R rows, each key R/K times, event time spread over one hour), compiled from SQL and run with
// JobRunner at parallelism 1 into a checking sink (a blackhole that verifies the result: one row per
// key, total count R, total sum of v). One configuration per process, so that peak memory is its own.
// Mode "group": the same rows through an unbounded GROUP BY k (an update stream), checked by totals
// (net rows = keys, net COUNT = rows, net SUM).
// Usage: Bsql.Bench.State <rows> <keys> <state.memory.max: e.g. 256mb | unlimited> [window | group]
var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 20_000_000L;
var keys = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000L;
var memory = args.Length > 2 ? args[2] : "256mb";
var group = args.Length > 3 && args[3] == "group";
if (rows < keys || keys % 7919 == 0) throw new ArgumentException("rows must be at least keys");

const long HourStart = 1_699_999_200_000; // 2023-11-14 22:00:00 UTC, an hour boundary
var set = memory == "unlimited" ? "" : $"SET 'state.memory.max' = '{memory}';\n";
// k = seq * 7919 mod K is a permutation of [0, K) over every K consecutive seq (7919 is prime, K = 2^a 5^b).
var script = set + $"""
    CREATE TABLE src (
      seq BIGINT,
      k AS MOD(seq * 7919, {keys}),
      v AS MOD(seq, 1000),
      ts AS TO_TIMESTAMP_LTZ({HourStart} + seq * 3600000 / {rows}, 3),
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
    ) WITH ('connector' = 'datagen', 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0', 'fields.seq.end' = '{rows - 1}');

    """ + (group
    ? """
      CREATE TABLE out_t (k BIGINT, c BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO out_t SELECT k, COUNT(*), SUM(v) FROM src GROUP BY k;
      """
    : """
      CREATE TABLE out_t (k BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO out_t
      SELECT k, window_start, window_end, COUNT(*), SUM(v)
      FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' HOUR))
      GROUP BY k, window_start, window_end;
      """);

var compiled = BsqlCompiler.Compile(script, "state-bench.sql");
if (!compiled.Success || compiled.Plan is null) throw new InvalidOperationException(string.Join("\n", compiled.Errors));

var check = new CheckingSinkFactory(keys, group);
var metrics = new JobMetrics();
var options = new JobRunOptions { Metrics = metrics, Connectors = ConnectorRegistry.CreateDefault().Register(check) };

long peakHeap = 0, peakCommitted = 0, peakHeapFiring = 0, peakRssIngest = 0, peakRssFiring = 0;
using var stop = new CancellationTokenSource();
var sampler = new Thread(() =>
{
    while (!stop.IsCancellationRequested)
    {
        var info = GC.GetGCMemoryInfo();
        var heap = GC.GetTotalMemory(false);
        var rss = ProcStatus().Rss;
        peakHeap = Math.Max(peakHeap, heap);
        peakCommitted = Math.Max(peakCommitted, info.TotalCommittedBytes);
        // Ingest: before the window fires (the sink has seen no row); firing: after.
        if (check.Rows == 0) peakRssIngest = Math.Max(peakRssIngest, rss);
        else
        {
            peakRssFiring = Math.Max(peakRssFiring, rss);
            peakHeapFiring = Math.Max(peakHeapFiring, heap);
        }
        Thread.Sleep(20);
    }
}) { IsBackground = true };
sampler.Start();

var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var watch = Stopwatch.StartNew();
await JobRunner.RunAsync(compiled.Plan, options, CancellationToken.None);
watch.Stop();
stop.Cancel();
sampler.Join();
process.Refresh();
var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

var op = metrics.Operators.Values.First(o => o.Name.Contains(group ? "GroupAggregate" : "Window", StringComparison.OrdinalIgnoreCase) || o.SpilledBytes > 0);
long expectedSum = rows / 1000 * 499_500 + Enumerable.Range(0, (int)(rows % 1000)).Sum(i => (long)i);
var correct = check.Rows == keys && check.Count == rows && check.Sum == expectedSum && check.Duplicates == 0 && (group || check.Windows == 1);
var (hwm, rss) = ProcStatus();
Console.WriteLine($"state.memory.max = {memory}, {rows:N0} rows, {keys:N0} keys, parallelism 1; GC: server={System.Runtime.GCSettings.IsServerGC}, latency={System.Runtime.GCSettings.LatencyMode}");
Console.WriteLine($"operator: {op.Name}");
Console.WriteLine($"wall {watch.Elapsed.TotalSeconds:F1} s, CPU {cpu:F1} s: {rows / watch.Elapsed.TotalSeconds / 1e3:F0} k rows/s wall, {rows / cpu / 1e3:F0} k rows per CPU-second");
Console.WriteLine($"peak working set (VmHWM) {hwm / 1048576.0:F0} MiB; peak managed heap (sampled) {peakHeap / 1048576.0:F0} MiB; peak GC committed {peakCommitted / 1048576.0:F0} MiB; final RSS {rss / 1048576.0:F0} MiB");
Console.WriteLine($"by phase (sampled every 20 ms): ingest peak RSS {peakRssIngest / 1048576.0:F0} MiB; firing peak RSS {peakRssFiring / 1048576.0:F0} MiB, peak managed heap {peakHeapFiring / 1048576.0:F0} MiB");
Console.WriteLine($"state estimate peak {op.StateBytesPeak / 1048576.0:F0} MiB; spilled {op.SpilledBytes / 1048576.0:F0} MiB");
if (group) Console.WriteLine($"changes: {check.Changes:N0} rows of the update stream");
Console.WriteLine($"result: {check.Rows:N0} rows ({keys:N0} expected), {check.Windows} window(s), COUNT total {check.Count:N0} ({rows:N0}), SUM total {check.Sum:N0} ({expectedSum:N0}), duplicate keys {check.Duplicates}: {(correct ? "CORRECT" : "WRONG")}");
return correct ? 0 : 1;

static (long Hwm, long Rss) ProcStatus()
{
    long hwm = 0, rss = 0;
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line);
        else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
    }
    return (hwm, rss);
    static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>
/// A blackhole that checks the result. Window: one row per key, totals of COUNT and SUM. Group: the update
/// stream's net effect (+I/+U add, -U/-D subtract): net rows, net COUNT and SUM totals.
/// </summary>
internal sealed class CheckingSinkFactory(long keys, bool changelog) : ISinkFactory
{
    private readonly System.Collections.BitArray _seen = new(changelog ? 1 : (int)keys);
    private readonly HashSet<long> _windows = [];

    public string Connector => "blackhole";

    public long Rows { get; private set; }

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public long Duplicates { get; private set; }

    public long Changes { get; private set; }

    public int Windows => _windows.Count;

    public ISink CreateSink(SinkContext context) => new Sink(this);

    private sealed class Sink(CheckingSinkFactory check) : ISink
    {
        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            if (check._changelog)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var row = batch[i];
                    var kind = batch.KindAt(i);
                    var sign = kind is RowKind.Insert or RowKind.UpdateAfter ? 1 : -1;
                    check.Changes++;
                    if (kind is RowKind.Insert) check.Rows++;
                    else if (kind is RowKind.Delete) check.Rows--;
                    check.Count += sign * (long)row[1]!;
                    check.Sum += sign * (long)row[2]!;
                }
                return ValueTask.CompletedTask;
            }
            foreach (var row in batch.Rows)
            {
                var k = (int)(long)row[0]!;
                if (check._seen[k]) check.Duplicates++;
                check._seen[k] = true;
                check._windows.Add(((DateTime)row[1]!).Ticks);
                check.Rows++;
                check.Count += (long)row[3]!;
                check.Sum += (long)row[4]!;
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly bool _changelog = changelog;
}
