using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;
using Confluent.Kafka;

/// <summary>
/// <c>--reader bare|bare-batch|filter|window|window-checkpointed|window-scale BOOTSTRAP [SUFFIX]</c>: one continuously running reader of topic <c>events</c>
/// (SUFFIX is appended to the job's group id and output topic).
/// Reads target counts from stdin; answers <c>ok</c> once it has read exactly that many events in all
/// (or an error line); exits when stdin closes.
/// </summary>
internal static class ReaderProcess
{
    public static int Run(string[] args)
    {
        var kind = args[1];
        var bootstrap = args[2];
        var suffix = args.Length > 3 ? args[3] : "";
        NativeLibrdkafka.EnsureLoaded();
        Func<long> read;
        Func<string?> failure;
        switch (kind)
        {
            case "bare" or "bare-batch":
            {
                var reader = new BareReader(bootstrap, kind == "bare-batch");
                var thread = new Thread(reader.Run) { IsBackground = true, Name = "bare consumer" };
                thread.Start();
                read = () => reader.Count;
                failure = () => reader.Failure;
                break;
            }
            case "filter" or "window":
            {
                var metrics = new JobMetrics();
                var compiled = BsqlCompiler.Compile(kind == "filter" ? FilterJob(bootstrap, suffix) : WindowJob(bootstrap, suffix), "bench.sql");
                if (!compiled.Success) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
                var job = Task.Run(() => JobRunner.RunAsync(compiled.Plan!,
                    new JobRunOptions { Output = TextWriter.Null, JobId = "bench-" + kind + suffix, Metrics = metrics }, default));
                // The source is the operator emitting the most rows.
                read = () => metrics.Operators.Values.Select(m => m.RowsOut).DefaultIfEmpty(0).Max();
                failure = () => job.IsFaulted ? job.Exception!.GetBaseException().Message : job.IsCompleted ? "the job finished" : null;
                break;
            }
            case "window-checkpointed":
            {
                // Job B with the checkpoints the scaled-out job needs (every 200 ms), in one process: what scale-out adds beyond them.
                var metrics = new JobMetrics();
                var checkpoints = Path.Combine(Path.GetTempPath(), "bsql-bench-scale-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                var compiled = BsqlCompiler.Compile(WindowJob(bootstrap, suffix + "-ckpt", checkpoints: checkpoints), "bench.sql");
                if (!compiled.Success) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
                var job = Task.Run(() => JobRunner.RunAsync(compiled.Plan!,
                    new JobRunOptions { Output = TextWriter.Null, JobId = "bench-window-ckpt" + suffix, Metrics = metrics }, default));
                read = () => metrics.Operators.Values.Select(m => m.RowsOut).DefaultIfEmpty(0).Max();
                failure = () => job.IsFaulted ? job.Exception!.GetBaseException().Message : job.IsCompleted ? "the job finished" : null;
                break;
            }
            case "window-scale":
            {
                // Job B scaled out, run as one worker owning all 4 slots: the hash edge to the window goes through the
                // repartition topic (exactly-once writer, marker-checked reader), so a round is read once the readers
                // of the repartition topic have delivered all its events (committed at the checkpoints, every 200 ms).
                var metrics = new JobMetrics();
                var checkpoints = Path.Combine(Path.GetTempPath(), "bsql-bench-scale-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                var compiled = BsqlCompiler.Compile(WindowJob(bootstrap, suffix + "-scale", scaleOut: checkpoints), "bench.sql");
                if (!compiled.Success) throw new InvalidOperationException(string.Join('\n', compiled.Diagnostics));
                var job = Task.Run(() => JobRunner.RunAsync(compiled.Plan!,
                    new JobRunOptions { Output = TextWriter.Null, JobId = "bench-window-scale" + suffix, Metrics = metrics,
                        Log = Environment.GetEnvironmentVariable("BSQL_BENCH_TRACE") is null ? null : Console.Error }, default));
                read = () => metrics.Operators.Values.Where(m => m.Name.StartsWith("RepartitionRead", StringComparison.Ordinal)).Sum(m => m.RowsOut);
                if (Environment.GetEnvironmentVariable("BSQL_BENCH_TRACE") is not null)
                {
                    _ = Task.Run(async () =>
                    {
                        while (true)
                        {
                            await Task.Delay(2000).ConfigureAwait(false);
                            Console.Error.WriteLine(string.Join("; ", metrics.Operators.Values.Select(m => $"#{m.OperatorId} {m.Name[..Math.Min(20, m.Name.Length)]} in {m.RowsIn} out {m.RowsOut}")));
                        }
                    });
                }
                failure = () => job.IsFaulted ? job.Exception!.GetBaseException().Message : job.IsCompleted ? "the job finished" : null;
                break;
            }
            default:
                Console.Error.WriteLine($"unknown reader '{kind}'");
                return 2;
        }

        while (Console.In.ReadLine() is { } line)
        {
            var target = long.Parse(line, CultureInfo.InvariantCulture);
            while (true)
            {
                if (failure() is { } error)
                {
                    Console.Out.WriteLine("error: " + error.ReplaceLineEndings(" "));
                    break;
                }
                var count = read();
                if (count == target)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"ok gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} allocated {GC.GetTotalAllocatedBytes() >> 20} MB, "
                        + $"{System.Runtime.JitInfo.GetCompiledMethodCount()} methods JIT-compiled"));
                    break;
                }
                if (count > target)
                {
                    Console.Out.WriteLine($"error: read {count} events, {target} were produced");
                    break;
                }
                Thread.Sleep(1);
            }
            Console.Out.Flush();
        }
        return 0;
    }

    private static string FilterJob(string bootstrap, string suffix) => $"""
        SET 'parallelism.default' = '1';
        CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
          WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json',
              'properties.group.id' = 'filter-job{suffix}', 'scan.startup.mode' = 'earliest-offset');
        CREATE TABLE big (id BIGINT, `user` STRING, amount BIGINT, country STRING)
        WITH ('connector' = 'kafka', 'topic' = 'big{suffix}', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
        INSERT INTO big SELECT id, `user`, amount, country FROM events WHERE amount >= 50 AND device <> 'tv';
        """;

    private static string WindowJob(string bootstrap, string suffix, string? scaleOut = null, string? checkpoints = null) => $"""
        SET 'parallelism.default' = '1';
        {(scaleOut is null ? "" : $"SET 'scale-out.enabled' = 'true'; SET 'execution.checkpointing.interval' = '200ms'; SET 'state.checkpoints.dir' = '{scaleOut}';")}
        {(checkpoints is null ? "" : $"SET 'execution.checkpointing.interval' = '200ms'; SET 'state.checkpoints.dir' = '{checkpoints}';")}
        CREATE TABLE events (id BIGINT, `user` STRING, page STRING, amount BIGINT, country STRING, device STRING, agent STRING, ts TIMESTAMP(3),
          WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json',
              'properties.group.id' = 'window-job{suffix}', 'scan.startup.mode' = 'earliest-offset');
        CREATE TABLE counts (`user` STRING, window_start TIMESTAMP(3), cnt BIGINT)
        WITH ('connector' = 'kafka', 'topic' = 'counts{suffix}', 'properties.bootstrap.servers' = '{bootstrap}', 'format' = 'json');
        INSERT INTO counts SELECT `user`, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
        GROUP BY `user`, window_start, window_end;
        """;

    /// <summary>
    /// A bare Confluent.Kafka consumer: manual assignment of the 4 partitions, no headers/topic/timestamp marshalled,
    /// no decoding; either <c>Consume</c> per message or (<paramref name="batch"/>) librdkafka's batch read, as the source does.
    /// </summary>
    private sealed class BareReader(string bootstrap, bool batch)
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public string? Failure { get; private set; }

        public void Run()
        {
            try
            {
                var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bare", EnableAutoCommit = false };
                config.Set("dotnet.consumer.consume.result.fields", "none");
                using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
                consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset("events", p, Offset.Beginning)));
                long count = 0;
                if (batch)
                {
                    using var reader = new KafkaNativeConsumer(consumer);
                    var messages = new IntPtr[1024];
                    while (true)
                    {
                        var n = reader.Poll(messages, messages.Length, 100);
                        for (var i = 0; i < n; i++)
                        {
                            if (KafkaNativeConsumer.Message(messages[i]).Error == 0) count++;
                            KafkaNativeConsumer.Destroy(messages[i]);
                        }
                        Volatile.Write(ref _count, count);
                    }
                }
                while (true)
                {
                    if (consumer.Consume(100) is not null) Volatile.Write(ref _count, ++count);
                }
            }
            catch (Exception e)
            {
                Failure = e.Message;
            }
        }
    }
}
