using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Bsql.KafkaMock;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;

// Kafka throughput of continuously running readers on librdkafka's mock cluster (1 broker, topic `events`
// with 4 partitions, N JSON events of about 190 bytes keyed by user).
//
// Readers, each a separate process started once and kept running for the whole measurement:
//  - bare: a bare Confluent.Kafka consumer (manual assignment, no decoding, Consume() per message);
//  - bare-batch: the same consumer read in batches straight from librdkafka, as the job's source reads;
//    the better of the two bare readers is the ceiling;
//  - filter: job kafka -> WHERE/projection -> kafka (unbounded source);
//  - window: job kafka -> TUMBLE 10 s COUNT(*) per user -> kafka (unbounded source);
//  - window-checkpointed (only with --readers): the window job with checkpoints every 200 ms;
//  - window-scale (only with --readers): the window job with 'scale-out.enabled' (checkpoints every 200 ms), one
//    worker owning the 4 slots, its hash edge through a repartition topic.
//
// The mock keeps only about 5 MB per partition (hard-coded in librdkafka: it deletes older message sets),
// so the events cannot all be produced up front. Instead the events go in rounds of --round events: with
// every reader frozen (SIGSTOP), this process produces a round; then each reader in turn is resumed
// (SIGCONT), timed until it has read the whole round, and frozen again. A reader therefore sees a backlog
// it works through at full speed, as a job catching up on a topic does, and pays its start once. Timed:
// the wall time while the reader runs, and the reader process's CPU time (the mock broker, which serves
// the fetches, runs in this process: its CPU during the reader's turn is reported beside).
// Reported: rows/s (wall) and rows per CPU-second (reader process), and the share of the bare consumer's.

if (args.Length > 0 && args[0] == "--reader") return ReaderProcess.Run(args);

var events = 5_000_000;
var round = 75_000;
var warmup = 300_000;
string[] readers = ["bare", "bare-batch", "filter", "window"];
string? baseline = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--events") events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--round") round = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--warmup") warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--readers") readers = args[i + 1].Split(',');
    if (args[i] == "--baseline") baseline = args[i + 1];
}
// --baseline DLL: the filter and window jobs also run from another build of this program (e.g. an older commit),
// in the same run on the same events, as "filter@base" and "window@base".
if (baseline is not null) readers = [.. readers, .. readers.Where(r => r is "filter" or "window").Select(r => r + "@base")];

NativeLibrdkafka.EnsureLoaded();
using var cluster = MockCluster.Start(brokers: 1);
cluster.CreateTopic("events", 4);
cluster.CreateTopic("big", 4);
cluster.CreateTopic("counts", 4);
var bootstrap = cluster.BootstrapServers;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events: {events:N0} timed (after {warmup:N0} untimed warm-up events), rounds of {round:N0}"));

var feeder = new Feeder(bootstrap);
var children = readers.Select(r => ReaderHandle.Start(r, bootstrap, baseline)).ToArray();
try
{
    // Warm-up: every reader connects, JIT-compiles and reads the first events, untimed (a job that runs continuously is past this).
    while (feeder.Produced < warmup)
    {
        feeder.Produce((int)Math.Min(round, warmup - feeder.Produced));
        foreach (var child in children) child.Resume(feeder.Produced);
        foreach (var child in children) child.AwaitAndFreeze();
    }
    var timedStart = feeder.Produced;
    var expectedBig = feeder.PassingFilter;
    foreach (var child in children) child.StartTiming();
    var produceClock = Stopwatch.StartNew();
    var produceCpu = TimeSpan.Zero;
    var produceWall = TimeSpan.Zero;
    while (feeder.Produced - timedStart < events)
    {
        var n = (int)Math.Min(round, events - (feeder.Produced - timedStart));
        var cpu0 = ProcessCpu();
        produceClock.Restart();
        feeder.Produce(n);
        produceWall += produceClock.Elapsed;
        produceCpu += ProcessCpu() - cpu0;
        foreach (var child in children)
        {
            var cpuBefore = ProcessCpu();
            child.Resume(feeder.Produced);
            child.AwaitAndFreeze();
            child.BrokerCpu += ProcessCpu() - cpuBefore;
        }
    }
    // A filter job's output must be complete: its sink may still hold the last rows (linger), so its final turn lasts until they are in the topic.
    foreach (var filterChild in children.Where(c => c.Kind == "filter"))
    {
        var cpuBefore = ProcessCpu();
        filterChild.Resume(feeder.Produced);
        var deadline = Stopwatch.StartNew();
        var expected = feeder.PassingFilter;
        var topic = "big" + filterChild.Suffix;
        while (feeder.EndOffsets(topic) < expected)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException($"job output: {feeder.EndOffsets(topic)} of {expected} rows");
            Thread.Sleep(1);
        }
        filterChild.AwaitAndFreeze();
        filterChild.BrokerCpu += ProcessCpu() - cpuBefore;
        if (feeder.EndOffsets(topic) != expected) throw new InvalidOperationException($"job output: {feeder.EndOffsets(topic)} rows, expected {expected}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{filterChild.Title}: output checked, {expected:N0} rows ({expected - expectedBig:N0} in the timed part)"));
    }
    foreach (var windowChild in children.Where(c => c.Kind.StartsWith("window", StringComparison.Ordinal)))
    {
        var counts = windowChild.Kind switch { "window-scale" => "counts-scale", "window-checkpointed" => "counts-ckpt", _ => "counts" + windowChild.Suffix };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{windowChild.Title}: {feeder.EndOffsets(counts):N0} window rows written (windows still open are not)"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"average event size: {feeder.Bytes / feeder.Produced} bytes; produce (this process, not a reader): {produceWall.TotalSeconds:F1} s, {events / produceWall.TotalSeconds:N0} rows/s"));
    Console.WriteLine($"{"reader",-45} {"wall",8} {"rows/s",12} {"rows/CPU-s",12} {"reader CPU",10} {"broker CPU",10} {"share (wall)",12} {"share (CPU)",12}");
    // The ceiling is the better of the bare readers, per measure.
    var bare = children.Where(c => c.Kind.StartsWith("bare", StringComparison.Ordinal)).ToList();
    var ceilingWall = bare.Count == 0 ? double.NaN : bare.Max(c => events / c.Wall.TotalSeconds);
    var ceilingCpu = bare.Count == 0 ? double.NaN : bare.Max(c => events / c.Cpu.TotalSeconds);
    foreach (var child in children)
    {
        var wallRate = events / child.Wall.TotalSeconds;
        var cpuRate = events / child.Cpu.TotalSeconds;
        var shareWall = wallRate / ceilingWall;
        var shareCpu = cpuRate / ceilingCpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{child.Title,-45} {child.Wall.TotalSeconds,7:F2}s {wallRate,12:N0} {cpuRate,12:N0} {child.Cpu.TotalSeconds,9:F2}s {child.BrokerCpu.TotalSeconds,9:F2}s {shareWall,12:F2} {shareCpu,12:F2}"));
    }
    foreach (var child in children) Console.WriteLine($"{child.Title,-45} since start: {child.LastReport}");
}
finally
{
    foreach (var child in children) child.Dispose();
    feeder.Dispose();
}
return 0;

static TimeSpan ProcessCpu()
{
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime;
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, librdkafka {Library.VersionString}";

/// <summary>Produces the events (ids from 0 on) with one long-lived producer.</summary>
internal sealed class Feeder : IDisposable
{
    private static readonly string[] Countries = ["DE", "FR", "US", "JP", "BR", "IN"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet", "tv"];
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly IConsumer<byte[]?, byte[]?> _offsets;
    private readonly Random _random = new(42);
    private readonly TopicPartition _target = new("events", Partition.Any);
    private long _failed;
    private string? _firstError;

    public Feeder(string bootstrap)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 20, QueueBufferingMaxMessages = 1_000_000 }).Build();
        _offsets = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-offsets" }).Build();
    }

    public long Produced { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Events produced so far that pass the filter job's WHERE.</summary>
    public long PassingFilter { get; private set; }

    public void Produce(int count)
    {
        Action<DeliveryReport<byte[]?, byte[]>> onDelivery = r =>
        {
            if (!r.Error.IsError) return;
            Interlocked.Increment(ref _failed);
            _firstError ??= r.Error.Reason;
        };
        for (var i = Produced; i < Produced + count; i++)
        {
            var user = "user-" + _random.Next(5000).ToString("D5", CultureInfo.InvariantCulture);
            var amount = _random.Next(100);
            var device = Devices[_random.Next(Devices.Length)];
            var json = string.Create(CultureInfo.InvariantCulture,
                $"{{\"id\":{i},\"user\":\"{user}\",\"page\":\"/products/item-{_random.Next(100000):D6}?ref=c{_random.Next(50)}\",\"amount\":{amount},"
                + $"\"country\":\"{Countries[_random.Next(Countries.Length)]}\",\"device\":\"{device}\","
                + $"\"agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"ts\":\"{Epoch.AddMilliseconds(i * 2L):yyyy-MM-dd HH:mm:ss.fff}\"}}");
            if (amount >= 50 && device != "tv") PassingFilter++;
            var value = Encoding.UTF8.GetBytes(json);
            Bytes += value.Length;
            var message = new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(user), Value = value };
            while (true)
            {
                try
                {
                    _producer.Produce(_target, message, onDelivery);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    _producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        if (_producer.Flush(TimeSpan.FromMinutes(5)) != 0) throw new InvalidOperationException("produce did not finish");
        if (_failed > 0) throw new InvalidOperationException($"{_failed} messages not delivered: {_firstError}");
        Produced += count;
    }

    /// <summary>The number of messages ever written to <paramref name="topic"/> (sum of its partitions' end offsets).</summary>
    public long EndOffsets(string topic) =>
        Enumerable.Range(0, 4).Sum(p => _offsets.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).High.Value);

    public void Dispose()
    {
        _producer.Dispose();
        _offsets.Dispose();
    }
}

/// <summary>One reader process: started once, resumed for its turns, frozen in between (SIGSTOP/SIGCONT).</summary>
internal sealed partial class ReaderHandle : IDisposable
{
    private const int SigCont = 18;
    private const int SigStop = 19;
    private readonly Process _process;
    private readonly Stopwatch _clock = new();
    private TimeSpan _cpuStart;
    private bool _timing;

    private ReaderHandle(string kind, string suffix, Process process)
    {
        Kind = kind;
        Suffix = suffix;
        _process = process;
    }

    public string Kind { get; }

    /// <summary>Appended to the job's group id and output topic ("" or "-base").</summary>
    public string Suffix { get; }

    public string Title => (Suffix.Length > 0 ? "baseline " : "") + Kind switch
    {
        "bare" => "bare consumer, Consume() per message",
        "bare-batch" => "bare consumer, librdkafka batch read",
        "filter" => "job: kafka -> filter/projection -> kafka",
        "window" => "job: kafka -> tumbling count -> kafka",
        "window-checkpointed" => "job: the same, checkpoints every 200 ms",
        "window-scale" => "job: the same, scale-out (1 worker, 4 slots)",
        _ => Kind,
    };

    public TimeSpan Wall => _clock.Elapsed;

    public TimeSpan Cpu { get; private set; }

    public TimeSpan BrokerCpu { get; set; }

    /// <summary>The reader's GC counters at its last report.</summary>
    public string LastReport { get; private set; } = "";

    public static ReaderHandle Start(string reader, string bootstrap, string? baseline)
    {
        var kind = reader.Split('@')[0];
        var suffix = reader.EndsWith("@base", StringComparison.Ordinal) ? "-base" : "";
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var entry = suffix.Length > 0 ? Path.GetFullPath(baseline!) : Assembly.GetEntryAssembly()!.Location;
        if (suffix.Length > 0 || !Environment.ProcessPath!.EndsWith(Path.GetFileNameWithoutExtension(entry), StringComparison.Ordinal)) start.ArgumentList.Add(entry);
        foreach (var a in new[] { "--reader", kind, bootstrap, suffix }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start a reader process");
        return new ReaderHandle(kind, suffix, process);
    }

    public void StartTiming()
    {
        _timing = true;
        _process.Refresh();
        _cpuStart = _process.TotalProcessorTime;
    }

    /// <summary>Lets the reader run until it has read <paramref name="target"/> events in all.</summary>
    public void Resume(long target)
    {
        _process.StandardInput.WriteLine(target.ToString(CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
        if (_timing) _clock.Start();
        Signal(SigCont);
    }

    public void AwaitAndFreeze()
    {
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"reader '{Kind}' exited");
        if (_timing) _clock.Stop();
        Signal(SigStop);
        if (!line.StartsWith("ok", StringComparison.Ordinal)) throw new InvalidOperationException($"reader '{Kind}': {line}");
        LastReport = line[2..].Trim();
        if (_timing)
        {
            _process.Refresh();
            Cpu = _process.TotalProcessorTime - _cpuStart;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal(SigCont);
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        _process.Dispose();
    }

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
