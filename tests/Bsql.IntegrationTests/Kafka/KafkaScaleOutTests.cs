using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>
/// Scale-out end to end: one job (<c>'scale-out.enabled'</c>, Kafka → filter/projection → Kafka, exactly-once) run as
/// <c>bsql run --job-id</c> worker processes while its input is written: two workers share the four slots, a third
/// joins and takes some, one is killed (SIGKILL) and the others take its slots after the session timeout. The
/// committed output must equal the oracle: nothing lost, nothing written twice.
/// </summary>
public sealed partial class KafkaScaleOutTests : IClassFixture<KafkaMockHostFixture>, IDisposable
{
    private const int Events = 24_000;
    private const int Partitions = 4;
    private const int Chunk = 200;

    private readonly KafkaMockHostFixture _fixture;
    private readonly ITestOutputHelper _log;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-kafka-scale-" + Guid.NewGuid().ToString("N")[..8]);

    public KafkaScaleOutTests(KafkaMockHostFixture fixture, ITestOutputHelper log)
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

    private static (int Partition, string User, long Amount) Event(int i) => (i % Partitions, "u" + (i % 7), i * 31L % 100);

    [RequiresServerFact(TestServer.Kafka)]
    public async Task TwoWorkers_AThirdJoins_OneIsKilled_CommittedOutputEqualsTheOracle()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var input = "scale-in-" + id;
        var output = "scale-out-" + id;
        var markers = "scale-markers-" + id;
        var jobId = "scale-" + id;
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = Path.Combine(_root, "job.sql");
        File.WriteAllText(job, $"""
            SET 'scale-out.enabled' = 'true';
            SET 'execution.checkpointing.interval' = '300ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'format' = 'json',
              'properties.session.timeout.ms' = '6000', 'properties.heartbeat.interval.ms' = '500'
            );
            CREATE TABLE big (
              id BIGINT, `user` STRING, amount BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transaction-marker-topic' = '{markers}'
            );
            INSERT INTO big SELECT id, `user`, amount FROM events WHERE amount >= 20;
            """);
        var oracle = Enumerable.Range(0, Events).Select(i => (Id: i, E: Event(i))).Where(x => x.E.Amount >= 20)
            .Select(x => Json(x.Id, x.E.User, x.E.Amount)).Order(StringComparer.Ordinal).ToList();
        List<string> Committed() => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!).Order(StringComparer.Ordinal)];

        using var feeding = new CancellationTokenSource();
        // The input arrives in parts, each while the workers change: two join, a third joins, one is killed.
        var allowed = new StrongBox<int>(Events / 3);
        var feeder = Task.Run(() => Feed(host.BootstrapServers, input, allowed, feeding.Token));
        BsqlWorker? a = null, b = null, c = null;
        try
        {
            a = BsqlWorker.Start(job, jobId, _root);
            b = BsqlWorker.Start(job, jobId, _root);
            WaitFor(() => Owned(a).Count > 0 && Owned(b).Count > 0 && Owned(a).Union(Owned(b)).Count() == Partitions, TimeSpan.FromSeconds(60), () => Describe(a, b));
            _log.WriteLine($"two workers: {Describe(a, b)}");
            Thread.Sleep(1500);

            Volatile.Write(ref allowed.Value, Events / 2);
            c = BsqlWorker.Start(job, jobId, _root);
            WaitFor(() => Owned(c).Count > 0 && Owned(a).Concat(Owned(b)).Concat(Owned(c)).Order().SequenceEqual(Enumerable.Range(0, Partitions)),
                TimeSpan.FromSeconds(60), () => Describe(a, b, c));
            _log.WriteLine($"three workers: {Describe(a, b, c)}");
            Volatile.Write(ref allowed.Value, 5 * Events / 6);
            Thread.Sleep(1500); // the kill lands while this part is being read

            var killed = Owned(b);
            b.Kill();
            _log.WriteLine($"killed the worker owning slots [{string.Join(",", killed)}]");
            Volatile.Write(ref allowed.Value, Events);
            // After the session timeout the group gives the dead worker's slots to the others.
            WaitFor(() => Owned(a).Concat(Owned(c)).Order().SequenceEqual(Enumerable.Range(0, Partitions)), TimeSpan.FromSeconds(60), () => Describe(a, c));
            _log.WriteLine($"after the kill: {Describe(a, c)}");

            await feeder;
            WaitFor(() => Committed().Count >= oracle.Count || a.HasExited || c.HasExited, TimeSpan.FromSeconds(90), () => $"{Committed().Count} of {oracle.Count} rows committed");
            Assert.False(a.HasExited, a.Stderr);
            Assert.False(c.HasExited, c.Stderr);
            Thread.Sleep(2000); // a few more checkpoints: a duplicate would show up now

            var committed = Committed();
            _log.WriteLine($"committed {committed.Count} rows; the topic holds {KafkaTestClient.ReadAll(host.BootstrapServers, output).Count} messages");
            var missing = oracle.Except(committed).Count();
            var twice = committed.Count - committed.Distinct().Count();
            Assert.True(missing == 0 && twice == 0, $"{missing} rows missing, {twice} rows twice");
            Assert.Equal(oracle, committed);
        }
        finally
        {
            await feeding.CancelAsync();
            foreach (var worker in new[] { a, b, c })
            {
                if (worker is null) continue;
                _log.WriteLine("--- worker stderr ---\n" + worker.Stderr);
                worker.Dispose();
            }
            try
            {
                await feeder;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Plans a slot cannot hold are refused before anything connects (BSQL4008), with the reason.</summary>
    [Theory]
    [InlineData("", "SELECT id, `user`, amount FROM events", "'execution.checkpointing.interval'")]
    [InlineData(Checkpointed, "SELECT `user`, COUNT(*), SUM(amount) FROM events GROUP BY `user`", "repartition topics, not built yet")]
    [InlineData(Checkpointed, "SELECT id, `user`, amount FROM gen", "'datagen' source")]
    public async Task PlansThatCannotBeSplitIntoSlots_AreRefused(string settings, string query, string reason)
    {
        var sql = $"""
            SET 'scale-out.enabled' = 'true';
            {settings}
            CREATE TABLE events (id BIGINT, `user` STRING, amount BIGINT) WITH (
              'connector' = 'kafka', 'topic' = 'in', 'properties.bootstrap.servers' = '127.0.0.1:1', 'format' = 'json');
            CREATE TABLE gen (id BIGINT, `user` STRING, amount BIGINT) WITH ('connector' = 'datagen');
            CREATE TABLE sink (a STRING, b BIGINT, c BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO sink {query.Replace("SELECT id, `user`, amount", "SELECT `user`, id, amount", StringComparison.Ordinal)};
            """;
        var compiled = Bsql.Planner.BsqlCompiler.Compile(sql, "scale.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        var error = await Assert.ThrowsAsync<Bsql.Runtime.Execution.BsqlRuntimeException>(() =>
            Bsql.Runtime.Execution.JobRunner.RunAsync(compiled.Plan!, new Bsql.Runtime.Execution.JobRunOptions { JobId = "refused" }, CancellationToken.None));
        Assert.Equal("BSQL4008", error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private const string Checkpointed = "SET 'execution.checkpointing.interval' = '1s'; SET 'state.checkpoints.dir' = '/tmp/unused';";

    /// <summary>The slots a worker last reported owning (its stderr: <c>owns slots [0,2] of 4</c>).</summary>
    private static List<int> Owned(BsqlWorker worker)
    {
        if (worker.HasExited) return [];
        var last = OwnsSlots().Matches(worker.Stderr).LastOrDefault();
        return last is null || last.Groups[1].Value.Length == 0 ? [] : [.. last.Groups[1].Value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
    }

    private static string Describe(params BsqlWorker[] workers) =>
        string.Join("; ", workers.Select((w, i) => $"worker {i}: [{string.Join(",", Owned(w))}]{(w.HasExited ? " exited: " + w.Stderr : "")}"));

    [GeneratedRegex(@"owns slots \[([0-9,]*)\]")]
    private static partial Regex OwnsSlots();

    /// <summary>Writes the events in chunks (2000 a second), as far as <paramref name="allowed"/> permits, so the workers join, share and take over while input arrives.</summary>
    private static void Feed(string bootstrap, string topic, StrongBox<int> allowed, CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5, EnableIdempotence = true };
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        for (var from = 0; from < Events; from += Chunk)
        {
            while (from >= Volatile.Read(ref allowed.Value)) Task.Delay(50, cancellationToken).Wait(cancellationToken);
            for (var i = from; i < Math.Min(Events, from + Chunk); i++)
            {
                var e = Event(i);
                producer.Produce(new TopicPartition(topic, e.Partition), new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(Json(i, e.User, e.Amount)) });
            }
            producer.Flush(cancellationToken);
            Task.Delay(100, cancellationToken).Wait(cancellationToken);
        }
    }

    private static string Json(long id, string user, long amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{id},\"user\":\"{user}\",\"amount\":{amount}}}");

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"condition not met in {timeout.TotalSeconds} s: {describe()}");
            Thread.Sleep(200);
        }
    }
}
