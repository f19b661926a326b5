using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>
/// Exactly-once end to end under crashes: a Kafka → TUMBLE count/sum → Kafka job (<c>exactly-once</c>) runs as a
/// <c>bsql run</c> process that is killed (SIGKILL) again and again while its input is being written, including
/// right after a checkpoint completed and right before a Kafka commit (<c>BSQL_CRASH_AT</c>), and restarted with
/// the same job id; the committed output must equal the oracle row for row: nothing lost, nothing twice.
/// </summary>
/// <remarks>
/// The mock cluster has no read_committed isolation (aborted transactions' messages stay visible), so the
/// committed output is read through the sink's commit markers, which list the offsets of every committed
/// transaction (<see cref="KafkaTestClient.ReadCommittedThroughMarkers"/>).
/// </remarks>
public sealed class KafkaExactlyOnceKillTests : IClassFixture<KafkaMockHostFixture>, IDisposable
{
    private const int Events = 30_000;
    private const int Partitions = 4;
    private const int Users = 7;
    private const int Chunk = 250;

    private readonly KafkaMockHostFixture _fixture;
    private readonly ITestOutputHelper _log;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-kafka-kill-" + Guid.NewGuid().ToString("N")[..8]);

    public KafkaExactlyOnceKillTests(KafkaMockHostFixture fixture, ITestOutputHelper log)
    {
        _fixture = fixture;
        _log = log;
        Directory.CreateDirectory(_root);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Event i: partition i mod 4, event time i × 10 ms (each partition in time order, so no row is ever late).</summary>
    private static (int Partition, string User, long Amount, long TsMs) Event(int i) => (i % Partitions, "u" + (i % Users), i * 31L % 100, i * 10L);

    [RequiresServerFact(TestServer.Kafka)]
    public async Task KilledAgainAndAgain_CommittedOutputEqualsTheOracle_RowForRow()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var input = "eo-kill-in-" + id;
        var output = "eo-kill-out-" + id;
        var markers = "eo-kill-markers-" + id;
        var jobId = "eo-kill-" + id;
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = Path.Combine(_root, "job.sql");
        File.WriteAllText(job, $"""
            SET 'parallelism.default' = '2';
            SET 'execution.checkpointing.interval' = '300ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'properties.group.id' = '{jobId}', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json'
            );
            CREATE TABLE counts (
              `user` STRING, window_start TIMESTAMP(3), cnt BIGINT, total BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once', 'sink.partitioner' = 'fixed',
              'sink.transactional-id-prefix' = '{jobId}', 'sink.transaction-marker-topic' = '{markers}'
            );
            INSERT INTO counts
            SELECT `user`, window_start, COUNT(*), SUM(amount)
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
            GROUP BY `user`, window_start, window_end;
            """);

        var oracle = Enumerable.Range(0, Events).Select(Event).GroupBy(e => (e.User, Window: e.TsMs / 1000 * 1000))
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.User},{KafkaSourceTests.Epoch.AddMilliseconds(g.Key.Window):yyyy-MM-dd HH:mm:ss.fff},{g.Count()},{g.Sum(e => e.Amount)}"))
            .Order(StringComparer.Ordinal).ToList();
        List<string> Committed() => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!.TrimEnd('\n')).Order(StringComparer.Ordinal)];

        using var feeding = new CancellationTokenSource();
        var feeder = Task.Run(() => Feed(host.BootstrapServers, input, feeding.Token));
        try
        {
            // Two crashes at the exact points of the window, then kills at random points of the checkpoint cycle.
            string[] crashes = ["after-checkpoint:3", "before-kafka-commit:3"];
            var random = new Random(20261122);
            for (var run = 1; run <= 5; run++)
            {
                var before = BsqlWorker.LatestCheckpoint(checkpoints, jobId);
                var crash = run <= crashes.Length ? crashes[run - 1] : null;
                using var worker = crash is null
                    ? BsqlWorker.Start(job, jobId, _root)
                    : BsqlWorker.Start(job, jobId, _root, ("BSQL_CRASH_AT", crash));
                if (crash is not null)
                {
                    Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(60)), $"run {run} did not crash at {crash}");
                    Assert.True(worker.Stderr.Contains("BSQL_CRASH_AT", StringComparison.Ordinal), $"run {run} ended without crashing at {crash}: {worker.Stderr}");
                    _log.WriteLine($"run {run}: crashed at {crash} (restored from {before}, latest checkpoint {BsqlWorker.LatestCheckpoint(checkpoints, jobId)})");
                    continue;
                }
                WaitFor(() => worker.HasExited || BsqlWorker.LatestCheckpoint(checkpoints, jobId) > before, TimeSpan.FromSeconds(60));
                Assert.False(worker.HasExited, $"run {run} ended: {worker.Stderr}");
                var delay = random.Next(50, 1500);
                Thread.Sleep(delay);
                Assert.False(worker.HasExited, $"run {run} ended: {worker.Stderr}");
                worker.Kill();
                _log.WriteLine($"run {run}: killed {delay} ms after checkpoint {BsqlWorker.LatestCheckpoint(checkpoints, jobId)} (restored from {before})");
            }

            await feeder;
            using (var last = BsqlWorker.Start(job, jobId, _root))
            {
                WaitFor(() => last.HasExited || Committed().Count >= oracle.Count, TimeSpan.FromSeconds(90));
                Assert.False(last.HasExited, $"the last run ended: {last.Stderr}");
                // A few more checkpoints: a duplicate would show up now.
                var at = BsqlWorker.LatestCheckpoint(checkpoints, jobId);
                WaitFor(() => BsqlWorker.LatestCheckpoint(checkpoints, jobId) >= at + 3, TimeSpan.FromSeconds(30));
                last.Kill();
            }

            var committed = Committed();
            var all = KafkaTestClient.ReadAll(host.BootstrapServers, output).Count;
            _log.WriteLine($"committed {committed.Count} rows; the topic holds {all} messages (the rest: aborted transactions, visible on the mock)");
            Assert.Equal(oracle.Count, committed.Count);
            Assert.Equal(oracle, committed);
        }
        finally
        {
            await feeding.CancelAsync();
            try
            {
                await feeder;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Writes the events in chunks over ~12 s (so the runs and kills happen while input arrives), then one late event per partition that closes every window.</summary>
    private static void Feed(string bootstrap, string topic, CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5, EnableIdempotence = true };
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        void Send(int partition, string json) =>
            producer.Produce(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(json) });
        for (var from = 0; from < Events; from += Chunk)
        {
            for (var i = from; i < Math.Min(Events, from + Chunk); i++)
            {
                var e = Event(i);
                Send(e.Partition, Json(i, e.User, e.Amount, e.TsMs));
            }
            producer.Flush(cancellationToken);
            Task.Delay(100, cancellationToken).Wait(cancellationToken);
        }
        for (var p = 0; p < Partitions; p++) Send(p, Json(Events + p, "end", 0, Events * 10L + 3_600_000));
        producer.Flush(cancellationToken);
    }

    private static string Json(long id, string user, long amount, long tsMs) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"id\":{id},\"user\":\"{user}\",\"amount\":{amount},\"ts\":\"{KafkaSourceTests.Epoch.AddMilliseconds(tsMs):yyyy-MM-dd HH:mm:ss.fff}\"}}");

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"condition not met in {timeout.TotalSeconds} s");
            Thread.Sleep(100);
        }
    }
}
