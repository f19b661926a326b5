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
/// Scale-out end to end: jobs (<c>'scale-out.enabled'</c>, Kafka → filter/projection, keyed window or two keyed stages →
/// Kafka, exactly-once) run as <c>bsql run --job-id</c> worker processes while their input is written: two workers share
/// the four slots, a third joins and takes some, one is killed (SIGKILL) and the others take its slots after the session
/// timeout. The committed output must equal the oracle: nothing lost, nothing written twice.
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
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = $"""
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
            """;
        var oracle = Enumerable.Range(0, Events).Select(i => (Id: i, E: Event(i))).Where(x => x.E.Amount >= 20)
            .Select(x => Json(x.Id, x.E.User, x.E.Amount)).Order(StringComparer.Ordinal).ToList();
        await RunWorkersAsync(job, "scale-" + id, oracle,
            () => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!).Order(StringComparer.Ordinal)],
            (allowed, token) => Feed(host.BootstrapServers, input, allowed, i => Json(i, Event(i).User, Event(i).Amount), closing: null, token));
    }

    /// <summary>
    /// A keyed operator across slots: TUMBLE COUNT/SUM per user over a topic partitioned by id (not by user), so every
    /// slot reads every user's rows; the hash edge to the window aggregate becomes a repartition topic, and each user's
    /// windows are counted in the slot of its key group. Two workers, a third joins, one is killed: the committed
    /// windows equal the oracle computed over the input.
    /// </summary>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task KeyedWindowAcrossSlots_TwoWorkers_AThirdJoins_OneIsKilled_CommittedWindowsEqualTheOracle()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var input = "scale-win-in-" + id;
        var output = "scale-win-out-" + id;
        var markers = "scale-win-markers-" + id;
        var jobId = "scale-win-" + id;
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = $"""
            SET 'scale-out.enabled' = 'true';
            SET 'execution.checkpointing.interval' = '300ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'format' = 'json',
              'properties.session.timeout.ms' = '6000', 'properties.heartbeat.interval.ms' = '500'
            );
            CREATE TABLE counts (
              `user` STRING, window_start TIMESTAMP(3), cnt BIGINT, total BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transaction-marker-topic' = '{markers}'
            );
            INSERT INTO counts
            SELECT `user`, window_start, COUNT(*), SUM(amount)
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
            GROUP BY `user`, window_start, window_end;
            """;
        // The mock cluster cannot create topics on request: the repartition topics are created here, one partition per slot.
        var repartitionTopics = CreateRepartitionTopics(host.BootstrapServers, job, jobId);
        Assert.Single(repartitionTopics);

        // Event i: partition i mod 4, user i mod 7, event time i × 5 ms; one last event per partition far ahead closes every window.
        var oracle = Enumerable.Range(0, Events).Select(i => (Event(i).User, Event(i).Amount, TsMs: i * 5L))
            .GroupBy(e => (e.User, Window: e.TsMs / 1000 * 1000))
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.User},{KafkaSourceTests.Epoch.AddMilliseconds(g.Key.Window):yyyy-MM-dd HH:mm:ss.fff},{g.Count()},{g.Sum(e => e.Amount)}"))
            .Order(StringComparer.Ordinal).ToList();
        await RunWorkersAsync(job, jobId, oracle,
            () => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!.TrimEnd('\n')).Order(StringComparer.Ordinal)],
            (allowed, token) => Feed(host.BootstrapServers, input, allowed, i => TimedJson(i, Event(i).User, Event(i).Amount, i * 5L),
                closing: p => TimedJson(Events + p, "end", 0, Events * 5L + 3_600_000), token));
        _log.WriteLine(DescribeRepartitionTopics(host.BootstrapServers, jobId, repartitionTopics));
    }

    /// <summary>
    /// A two-input keyed operator across slots: a regular join of the events with a table of users (its own topic, also
    /// not partitioned like the join key). Each input's hash edge becomes a repartition topic (the second one named
    /// <c>-&lt;join&gt;-1</c>); every event meets its user in the slot of the user's key group, whichever slots read them.
    /// Two subtasks per operator in each slot: two writers per slot and edge, and the reader hashes on to the join's two subtasks.
    /// </summary>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task JoinAcrossSlots_TwoWorkers_AThirdJoins_OneIsKilled_CommittedOutputEqualsTheOracle()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var input = "scale-join-in-" + id;
        var users = "scale-join-users-" + id;
        var output = "scale-join-out-" + id;
        var markers = "scale-join-markers-" + id;
        var jobId = "scale-join-" + id;
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, users);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = $"""
            SET 'scale-out.enabled' = 'true';
            SET 'parallelism.default' = '2';
            SET 'execution.checkpointing.interval' = '300ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'format' = 'json',
              'properties.session.timeout.ms' = '6000', 'properties.heartbeat.interval.ms' = '500'
            );
            CREATE TABLE users (
              name STRING, label STRING
            ) WITH (
              'connector' = 'kafka', 'topic' = '{users}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'format' = 'json'
            );
            CREATE TABLE labelled (
              id BIGINT, `user` STRING, label STRING, amount BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transaction-marker-topic' = '{markers}'
            );
            INSERT INTO labelled
            SELECT e.id, e.`user`, u.label, e.amount FROM events e JOIN users u ON e.`user` = u.name;
            """;
        var repartitionTopics = CreateRepartitionTopics(host.BootstrapServers, job, jobId);
        Assert.Equal(2, repartitionTopics.Count);
        // One row per user, in the partition of the user's number (the join key's slot is a different one, mostly).
        KafkaTestClient.Produce(host.BootstrapServers, users, [.. Enumerable.Range(0, 7).Select(u =>
            new KafkaRecord(null, string.Create(CultureInfo.InvariantCulture, $"{{\"name\":\"u{u}\",\"label\":\"L{u}\"}}"), u % Partitions))]);

        var oracle = Enumerable.Range(0, Events).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{Event(i).User},L{Event(i).User[1..]},{Event(i).Amount}"))
            .Order(StringComparer.Ordinal).ToList();
        await RunWorkersAsync(job, jobId, oracle,
            () => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!.TrimEnd('\n')).Order(StringComparer.Ordinal)],
            (allowed, token) => Feed(host.BootstrapServers, input, allowed, i => Json(i, Event(i).User, Event(i).Amount), closing: null, token));
        _log.WriteLine(DescribeRepartitionTopics(host.BootstrapServers, jobId, repartitionTopics));
    }

    /// <summary>
    /// An upstream slot without input: partition 3 of the source gets nothing, so slot 3's writer never has a watermark.
    /// With the sources' idle timeout it writes idle watermark records, the readers leave it out of their minimum, and
    /// every window of the other slots' events still fires (one worker owning the four slots).
    /// </summary>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task AnUpstreamSlotWithoutInput_IsIdle_AndTheKeyedWindowsStillFire()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var input = "scale-idle-in-" + id;
        var output = "scale-idle-out-" + id;
        var markers = "scale-idle-markers-" + id;
        var jobId = "scale-idle-" + id;
        var checkpoints = Path.Combine(_root, "checkpoints");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, input);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);
        var job = $"""
            SET 'scale-out.enabled' = 'true';
            SET 'execution.checkpointing.interval' = '300ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';
            SET 'table.exec.source.idle-timeout' = '1s';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'format' = 'json'
            );
            CREATE TABLE counts (
              `user` STRING, window_start TIMESTAMP(3), cnt BIGINT, total BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transaction-marker-topic' = '{markers}'
            );
            INSERT INTO counts
            SELECT `user`, window_start, COUNT(*), SUM(amount)
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
            GROUP BY `user`, window_start, window_end;
            """;
        Assert.Single(CreateRepartitionTopics(host.BootstrapServers, job, jobId));
        const int n = 3000;
        // Event i goes to partition i mod 3 (never 3); one last event per used partition closes every window.
        var records = Enumerable.Range(0, n).Select(i => new KafkaRecord(null, TimedJson(i, "u" + (i % 7), i % 100, i * 5L), i % 3))
            .Concat(Enumerable.Range(0, 3).Select(p => new KafkaRecord(null, TimedJson(n + p, "end", 0, n * 5L + 3_600_000), p)));
        KafkaTestClient.Produce(host.BootstrapServers, input, [.. records]);
        var oracle = Enumerable.Range(0, n).GroupBy(i => ("u" + (i % 7), Window: i * 5L / 1000 * 1000))
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.Item1},{KafkaSourceTests.Epoch.AddMilliseconds(g.Key.Window):yyyy-MM-dd HH:mm:ss.fff},{g.Count()},{g.Sum(i => i % 100L)}"))
            .Order(StringComparer.Ordinal).ToList();
        List<string> Committed() => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, output, markers).Select(r => r.Value!.TrimEnd('\n')).Order(StringComparer.Ordinal)];

        var jobFile = Path.Combine(_root, jobId + ".sql");
        File.WriteAllText(jobFile, job);
        using var worker = BsqlWorker.Start(jobFile, jobId, _root);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!Committed().SequenceEqual(oracle) && !worker.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(500);
            Assert.False(worker.HasExited, worker.Stderr);
            Assert.Equal(oracle, Committed());
        }
        finally
        {
            _log.WriteLine("--- worker stderr ---\n" + worker.Stderr);
        }
    }

    /// <summary>Creates the repartition topics of <paramref name="job"/> (one partition per slot) as the mock cannot on request; returns them.</summary>
    private static List<string> CreateRepartitionTopics(string bootstrap, string job, string jobId)
    {
        var compiled = Bsql.Planner.BsqlCompiler.Compile(job, "scale.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        var topics = compiled.Plan!.Edges.Where(e => e.Kind == Bsql.Planner.Physical.EdgeKind.Hash)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{jobId}-repartition-{e.Target}{(e.TargetInput > 0 ? "-" + e.TargetInput : "")}")).ToList();
        foreach (var topic in topics) Assert.Equal(Partitions, KafkaTestClient.EnsureTopic(bootstrap, topic));
        KafkaTestClient.EnsureTopic(bootstrap, jobId + "-repartition-markers");
        return topics;
    }

    /// <summary>How many records the repartition topics hold and how many of them committed (the mock keeps aborted ones: the readers skip them).</summary>
    private string DescribeRepartitionTopics(string bootstrap, string jobId, List<string> topics) => string.Join("; ", topics.Select(topic =>
        $"{topic}: {KafkaTestClient.ReadAll(bootstrap, topic).Count} records, {KafkaTestClient.ReadCommittedThroughMarkers(bootstrap, topic, jobId + "-repartition-markers").Count} committed"));

    /// <summary>
    /// Runs <paramref name="job"/> as workers while the input is written in parts: two share the slots, a third joins and
    /// takes some, one is killed (SIGKILL) and the others take its slots after the session timeout; then the committed
    /// output must equal <paramref name="oracle"/>.
    /// </summary>
    private async Task RunWorkersAsync(string jobSql, string jobId, List<string> oracle, Func<List<string>> committedOutput,
        Action<StrongBox<int>, CancellationToken> feed)
    {
        var job = Path.Combine(_root, jobId + ".sql");
        File.WriteAllText(job, jobSql);
        using var feeding = new CancellationTokenSource();
        var allowed = new StrongBox<int>(Events / 3);
        var feeder = Task.Run(() => feed(allowed, feeding.Token));
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
            var done = Stopwatch.StartNew();
            while (!committedOutput().SequenceEqual(oracle) && !a.HasExited && !c.HasExited && done.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(500);
            Assert.False(a.HasExited, a.Stderr);
            Assert.False(c.HasExited, c.Stderr);
            Thread.Sleep(2000); // a few more checkpoints: a duplicate would show up now

            var committed = committedOutput();
            _log.WriteLine($"committed {committed.Count} rows");
            var missing = oracle.Except(committed).Count();
            var twice = committed.Count - committed.Distinct().Count();
            Assert.True(missing == 0 && twice == 0, $"{missing} rows missing, {twice} rows twice, {committed.Except(oracle).Count()} rows not in the oracle");
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
    [InlineData(Checkpointed, "SELECT 'all', COUNT(*), SUM(amount) FROM events", "single edge")]
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

    /// <summary>
    /// Writes the events in chunks (2000 a second), as far as <paramref name="allowed"/> permits, so the workers join, share and
    /// take over while input arrives; then <paramref name="closing"/>'s record to every partition, if any.
    /// </summary>
    private static void Feed(string bootstrap, string topic, StrongBox<int> allowed, Func<int, string> json, Func<int, string>? closing, CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5, EnableIdempotence = true };
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        void Send(int partition, string value) =>
            producer.Produce(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(value) });
        for (var from = 0; from < Events; from += Chunk)
        {
            while (from >= Volatile.Read(ref allowed.Value)) Task.Delay(50, cancellationToken).Wait(cancellationToken);
            for (var i = from; i < Math.Min(Events, from + Chunk); i++) Send(Event(i).Partition, json(i));
            producer.Flush(cancellationToken);
            Task.Delay(100, cancellationToken).Wait(cancellationToken);
        }
        if (closing is not null)
        {
            for (var p = 0; p < Partitions; p++) Send(p, closing(p));
        }
        producer.Flush(cancellationToken);
    }

    private static string TimedJson(long id, string user, long amount, long tsMs) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"id\":{id},\"user\":\"{user}\",\"amount\":{amount},\"ts\":\"{KafkaSourceTests.Epoch.AddMilliseconds(tsMs):yyyy-MM-dd HH:mm:ss.fff}\"}}");

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
