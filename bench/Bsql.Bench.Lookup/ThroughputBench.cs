using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Bench.Lookup;

/// <summary>
/// Lookup-join throughput of a whole job (filesystem JSON source → LEFT lookup join → blackhole), compiled from SQL and
/// run by the runtime, against a real redis-server (started here on a free loopback port) and the fake HBase REST
/// server: batching off (<c>lookup.batch.size = 1</c>) vs on (128, the default), then an LRU cache with workloads whose
/// repeated keys give cache hit rates of about 0, 50 and 90 %. Each configuration runs the same rows in the same
/// process; the ratio on/off is of that run. Fast configurations run 3 times (the no-lookup baseline 5) and the run
/// with the median CPU rate is reported; "rows per CPU-s" divides by the process's CPU time (the in-process fake HBase
/// server included, redis-server not), which is steadier than wall time on a shared machine.
/// </summary>
internal static class ThroughputBench
{
    private const int DimensionRows = 200_000;
    private const int Gap = 2048;

    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var stores = args.Length > 1 ? args[1].Split(',') : ["redis", "redis-string", "hbase"];
        var dir = Path.Combine(Path.GetTempPath(), "bsql-bench-lookup-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"lookup-join throughput: {rows:N0} rows per run, parallelism 1, {Environment.ProcessorCount} cores");
            var files = new Dictionary<double, string>();
            foreach (var repeat in new[] { 0.0, 0.5, 0.9 }) files[repeat] = WriteEvents(dir, rows, repeat);
            foreach (var store in stores)
            {
                switch (store)
                {
                    case "redis":
                        await RedisAsync(dir, files, "hash");
                        break;
                    case "redis-string":
                        await RedisAsync(dir, files, "string");
                        break;
                    case "hbase":
                        await HBaseAsync(files);
                        break;
                    default:
                        throw new ArgumentException($"unknown store '{store}' (redis, redis-string, hbase)");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Event i looks up a fresh key, or a key first asked at least <see cref="Gap"/> rows (two input batches) earlier, so
    /// its first lookup has completed and the repeat is a cache hit rather than a merge with a lookup in flight. The
    /// first <see cref="Gap"/> rows are all fresh; after them a row repeats with the probability that makes
    /// <paramref name="repeat"/> of all rows repeats.
    /// </summary>
    private static string WriteEvents(string dir, int rows, double repeat)
    {
        var path = Path.Combine(dir, $"events-{repeat * 100:0}.jsonl");
        var random = new Random(42);
        var text = new StringBuilder(rows * 32);
        var fresh = 0;
        var p = Math.Min(1.0, repeat * rows / Math.Max(1, rows - Gap));
        for (var i = 0; i < rows; i++)
        {
            var key = i >= Gap && random.NextDouble() < p ? random.Next(Math.Max(1, fresh - Gap)) : fresh++ % DimensionRows;
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"k\":\"u{key}\"}}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Redis with <c>data-type</c> <paramref name="dataType"/>: <c>hash</c> (pipelined HGETALL) or <c>string</c> (MGET of JSON values).</summary>
    private static async Task RedisAsync(string dir, Dictionary<double, string> files, string dataType)
    {
        using var redis = StartRedis(dir, out var port);
        if (redis is null)
        {
            Console.WriteLine("redis: skipped (redis-server not found or did not start; install Debian's redis-server)");
            return;
        }
        try
        {
            var with = $"'connector' = 'redis', 'url' = 'redis://127.0.0.1:{port}', 'data-type' = '{dataType}', 'key-pattern' = 'user:{{k}}'";
            const string columns = "k STRING, name STRING, age INT, PRIMARY KEY (k) NOT ENFORCED";
            await FillAsync(columns, with, i => [$"u{i}", $"name {i}", i % 90]);
            await RunConfigurationsAsync($"redis (data-type {dataType}, redis-server on loopback)", columns, with, "u.name", files);
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    private static async Task HBaseAsync(Dictionary<double, string> files)
    {
        await using var server = new FakeHBaseRestServer(seed: 5);
        server.CreateTable("users");
        var with = $"'connector' = 'hbase', 'table-name' = 'users', 'clusters' = 'A={server.BaseUri}', 'lookup.timeout' = '5s'";
        const string columns = "k STRING, info ROW<name STRING, age INT>, PRIMARY KEY (k) NOT ENFORCED";
        await FillAsync(columns, with, i => [$"u{i}", new object?[] { $"name {i}", i % 90 }]);
        await RunConfigurationsAsync("hbase (fake REST server, in process)", columns, with, "u.info.name", files);
    }

    /// <summary>Writes the dimension rows through the connector's own upsert writer (the sink path).</summary>
    private static async Task FillAsync(string columns, string with, Func<int, object?[]> row)
    {
        var spec = CompileSink(columns, with);
        await using var writer = await LookupClientFactory.CreateWriterAsync(spec) ?? throw new InvalidOperationException("no upsert writer");
        foreach (var chunk in Enumerable.Range(0, DimensionRows).Select(row).Chunk(1000)) await writer.UpsertAsync(chunk, CancellationToken.None);
    }

    private static SinkSpec CompileSink(string columns, string with)
    {
        var compiled = BsqlCompiler.Compile($"""
            CREATE TABLE users ({columns}) WITH ({with});
            CREATE TABLE keys_in (k STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
            INSERT INTO users (k) SELECT k FROM keys_in;
            """, "fill.sql");
        return compiled.Plan?.Operators.Select(o => o.Spec).OfType<SinkSpec>().First()
            ?? throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
    }

    private static async Task RunConfigurationsAsync(string store, string columns, string with, string nameColumn, Dictionary<double, string> files)
    {
        Console.WriteLine();
        Console.WriteLine($"== {store}");
        Console.WriteLine("| configuration | rows/s | rows per CPU-s | cache hit rate | round trips | keys per round trip | GC pause | gen2 GCs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        // Warm-up: JIT, connections.
        await RunOnceAsync(columns, with + ", 'lookup.batch.size' = '128'", nameColumn, files[0.0], maxRows: 20_000);
        var baseline = await MedianAsync(() => RunOnceAsync(columns, with, null, files[0.0]), 5);
        Print("no lookup (same job without the join: the pipeline's own cost)", baseline);
        var off = await RunOnceAsync(columns, with + ", 'lookup.batch.size' = '1'", nameColumn, files[0.0]);
        Print("batching off (batch.size 1), no cache", off);
        var on = await MedianAsync(() => RunOnceAsync(columns, with + ", 'lookup.batch.size' = '128'", nameColumn, files[0.0]), 3);
        Print("batching on (batch.size 128), no cache", on);
        Console.WriteLine($"| **ratio on/off** | **{on.RowsPerSecond / off.RowsPerSecond:F1}×** | {on.RowsPerCpuSecond / off.RowsPerCpuSecond:F1}× | | | | | |");
        // The lookup's own CPU cost per row: the job's cost minus the pipeline's (source, decode, sink).
        var lookupOff = 1e6 / off.RowsPerCpuSecond - 1e6 / baseline.RowsPerCpuSecond;
        var lookupOn = 1e6 / on.RowsPerCpuSecond - 1e6 / baseline.RowsPerCpuSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| lookup CPU per row (job minus no-lookup): off {lookupOff:F1} µs, on {lookupOn:F1} µs | ratio {lookupOff / Math.Max(0.01, lookupOn):F1}× | | | | | | |"));
        foreach (var (repeat, file) in files)
        {
            var cached = await MedianAsync(() => RunOnceAsync(columns, with + ", 'lookup.batch.size' = '128', 'lookup.cache' = 'LRU', 'lookup.cache.max-rows' = '1000000'", nameColumn, file), 3);
            Print($"batching on, LRU, {repeat * 100:0}% repeated keys", cached);
        }
    }

    /// <summary>The run with the median CPU rate of <paramref name="runs"/> runs (short runs on a shared machine are noisy).</summary>
    private static async Task<Measurement> MedianAsync(Func<Task<Measurement>> run, int runs)
    {
        var results = new List<Measurement>();
        for (var i = 0; i < runs; i++) results.Add(await run());
        return results.OrderBy(r => r.RowsPerCpuSecond).ElementAt(runs / 2);
    }

    private static void Print(string name, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {m.RowsPerSecond:N0} | {m.RowsPerCpuSecond:N0} | {m.HitRate:P1} | {m.RoundTrips:N0} | {m.KeysPerRoundTrip:F1} | {m.GcPause.TotalMilliseconds:N0} ms | {m.Gen2} |"));

    /// <summary>One run; <paramref name="nameColumn"/> null runs the same job without the lookup join.</summary>
    private static async Task<Measurement> RunOnceAsync(string columns, string with, string? nameColumn, string events, int? maxRows = null)
    {
        var path = events;
        if (maxRows is { } max)
        {
            path = events + ".head";
            await File.WriteAllLinesAsync(path, File.ReadLines(events).Take(max));
        }
        var compiled = BsqlCompiler.Compile($"""
            CREATE TABLE events (id BIGINT, k STRING, proc AS PROCTIME())
              WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'json');
            CREATE TABLE users ({columns}) WITH ({with});
            CREATE TABLE out_rows (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
            INSERT INTO out_rows {(nameColumn is null ? "SELECT e.id, e.k FROM events e" : $"SELECT e.id, {nameColumn} FROM events e LEFT JOIN users FOR SYSTEM_TIME AS OF e.proc AS u ON u.k = e.k")};
            """, "throughput.sql");
        if (compiled.Plan is null) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
        LookupMetrics? metrics = null;
        var options = new JobRunOptions
        {
            Output = TextWriter.Null,
            LookupClients = async (table, connector, schema, keys, m, ct) =>
            {
                metrics = m;
                return await LookupClientFactory.CreateAsync(table, connector, schema, keys, m, null, ct);
            },
        };
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        var gen2 = GC.CollectionCount(2);
        var start = Stopwatch.GetTimestamp();
        var result = await JobRunner.RunAsync(compiled.Plan, options, CancellationToken.None);
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var sink = result.Metrics.Operators.Values.Single(o => o.Name.StartsWith("Sink", StringComparison.Ordinal));
        var rows = sink.RowsOut;
        if (maxRows is null && rows != File.ReadLines(events).LongCount()) throw new InvalidOperationException($"expected every row out, got {rows}");
        var m = metrics ?? new LookupMetrics("none");
        return new Measurement(rows / wall, rows / cpuSeconds, m.Requests == 0 ? 0 : (double)m.CacheHits / m.Requests, m.Batches,
            m.Batches == 0 ? 0 : (double)m.BatchedKeys / m.Batches, GC.GetTotalPauseDuration() - pause, GC.CollectionCount(2) - gen2);
    }

    private static Process? StartRedis(string dir, out int port)
    {
        port = FreePort();
        var data = Path.Combine(dir, "redis");
        Directory.CreateDirectory(data);
        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server",
                ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", data])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        if (process is null) return null;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        process.Kill();
        process.Dispose();
        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private readonly record struct Measurement(double RowsPerSecond, double RowsPerCpuSecond, double HitRate, long RoundTrips, double KeysPerRoundTrip, TimeSpan GcPause, int Gen2);
}
