using Bsql.IntegrationTests.Infrastructure;
using Bsql.KafkaMock;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Execution;
using Confluent.Kafka;
using static Bsql.IntegrationTests.Kafka.KafkaTestJob;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>The <c>kafka</c> sink against the mock cluster: delivery guarantees, transactions, keys and partitioning.</summary>
public sealed class KafkaSinkTests : IClassFixture<KafkaMockHostFixture>
{
    private static readonly RowSchema People = Schema(("id", SqlType.BigInt), ("name", SqlType.String));

    private readonly KafkaMockHostFixture _fixture;

    public KafkaSinkTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    private static string NewTopic(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private static KafkaSink CreateSink(ConnectorSpec connector, int subtask = 0, int parallelism = 1) =>
        new(new SinkContext(new SinkSpec("out", connector, People, []), connector, subtask, parallelism, TimeProvider.System) { JobId = "sink-test" });

    private static RowBatch Rows(int from, int count)
    {
        var batch = new RowBatch(count);
        for (var i = from; i < from + count; i++) batch.Add([(long)i, "n" + i]);
        return batch;
    }

    private static string Json(int i) => $"{{\"id\":{i},\"name\":\"n{i}\"}}";

    [RequiresServerTheory(TestServer.Kafka)]
    [InlineData("exactly-once")]
    [InlineData("at-least-once")]
    [InlineData("none")]
    public async Task Job_KafkaToKafka_WritesEveryRowOnce(string guarantee)
    {
        var host = await _fixture.GetHostAsync();
        var input = NewTopic("eo-in");
        var output = NewTopic("eo-out");
        var events = KafkaSourceTests.MakeEvents(2000);
        KafkaTestClient.Produce(host.BootstrapServers, input, KafkaSourceTests.AsRecords(events));
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);

        var job = new KafkaTestJob();
        var src = job.Source("events", KafkaSourceTests.Events, KafkaSourceTests.KafkaTable(host.BootstrapServers, input,
            ("scan.startup.mode", "earliest-offset"), ("scan.bounded.mode", "latest-offset")), parallelism: 2);
        job.Sink(src, "copy", KafkaSourceTests.KafkaTable(host.BootstrapServers, output, ("sink.delivery-guarantee", guarantee),
            ("sink.transactional-id-prefix", "tx-" + output)));
        await job.RunAsync();

        var expected = events.Select(e => e.Json).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, KafkaTestClient.ReadAll(host.BootstrapServers, output).Select(r => r.Value!).Order(StringComparer.Ordinal));
        Assert.Equal(expected, KafkaTestClient.ReadAll(host.BootstrapServers, output, IsolationLevel.ReadUncommitted).Select(r => r.Value!).Order(StringComparer.Ordinal));
    }

    /// <remarks>
    /// librdkafka 2.0.2's mock cluster serves the transactional protocol (InitProducerId, AddPartitionsToTxn,
    /// EndTxn) but not read_committed isolation: its fetches expose a transaction's messages before the
    /// commit (measured). So this test checks what the sink controls: rows written after a checkpoint's
    /// barrier are not produced before that checkpoint's transaction commits, every row is produced once,
    /// and a restarted sink with the same transactional id (which fences and aborts the old one) keeps writing.
    /// </remarks>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task ExactlyOnce_RowsAfterABarrierWaitForTheCheckpointCommit_AndEachRowIsWrittenOnce()
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("tx");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, topic);
        var connector = KafkaSourceTests.KafkaTable(host.BootstrapServers, topic, ("sink.delivery-guarantee", "exactly-once"),
            ("sink.transactional-id-prefix", "tx-" + topic));
        List<string> Visible() => [.. KafkaTestClient.ReadAll(host.BootstrapServers, topic).Select(r => r.Value!).Order(StringComparer.Ordinal)];
        static List<string> Jsons(int from, int count) => [.. Enumerable.Range(from, count).Select(Json).Order(StringComparer.Ordinal)];

        await using (var sink = CreateSink(connector))
        {
            Assert.Equal($"tx-{topic}-0", sink.TransactionalId);
            await sink.OpenAsync(default);
            await sink.WriteAsync(Rows(0, 100), default);
            Assert.Equal($"tx-{topic}-0@1", await sink.PrepareCommitAsync(1, default));
            await sink.WriteAsync(Rows(100, 50), default);
            Assert.Equal(Jsons(0, 100), Visible());

            await sink.CommitAsync(1, default);
            await sink.WriteAsync(Rows(150, 10), default);
            await sink.FinishAsync(default);
            Assert.Equal(Jsons(0, 160), Visible());
        }

        await using (var restarted = CreateSink(connector))
        {
            await restarted.OpenAsync(default);
            await restarted.WriteAsync(Rows(160, 40), default);
            await restarted.FinishAsync(default);
        }
        Assert.Equal(Jsons(0, 200), Visible());
    }

    /// <summary>
    /// The crash window of exactly-once: checkpoint 1 completed (its state, with the rows, is stored) but the
    /// process died before the Kafka commit. The restored sink finds no committed marker for checkpoint 1 and
    /// writes its rows again; a checkpoint whose commit did happen is not written twice.
    /// </summary>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task ExactlyOnce_RestoreAfterACrashBeforeTheCommit_WritesTheCheckpointsRowsOnce()
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("txcrash");
        var markers = NewTopic("markers");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, topic);
        var connector = KafkaSourceTests.KafkaTable(host.BootstrapServers, topic, ("sink.delivery-guarantee", "exactly-once"),
            ("sink.transactional-id-prefix", "tx-" + topic), ("sink.transaction-marker-topic", markers));
        List<string> Committed() => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, topic, markers).Select(r => r.Value!).Order(StringComparer.Ordinal)];
        static List<string> Jsons(int from, int count) => [.. Enumerable.Range(from, count).Select(Json).Order(StringComparer.Ordinal)];
        static byte[] Snapshot(KafkaSink sink)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) sink.SnapshotState(writer);
            return buffer.ToArray();
        }
        static void Restore(KafkaSink sink, byte[] state)
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            sink.RestoreState(reader);
        }

        byte[] checkpoint1;
        await using (var crashed = CreateSink(connector))
        {
            await crashed.OpenAsync(default);
            await crashed.WriteAsync(Rows(0, 100), default);
            await crashed.PrepareCommitAsync(1, default);
            checkpoint1 = Snapshot(crashed);
            await crashed.WriteAsync(Rows(100, 30), default);
            // Dies here: checkpoint 1 is complete, its transaction never commits.
        }
        Assert.Empty(Committed());

        byte[] checkpoint2;
        await using (var restored = CreateSink(connector))
        {
            await restored.OpenAsync(default);
            Restore(restored, checkpoint1);
            Assert.Equal(Jsons(0, 100), Committed());
            // The source replays the rows after checkpoint 1; checkpoint 2 commits, then the process dies.
            await restored.WriteAsync(Rows(100, 30), default);
            await restored.PrepareCommitAsync(2, default);
            checkpoint2 = Snapshot(restored);
            await restored.CommitAsync(2, default);
            await restored.WriteAsync(Rows(130, 5), default);
        }
        Assert.Equal(Jsons(0, 130), Committed());

        await using (var again = CreateSink(connector))
        {
            await again.OpenAsync(default);
            // Checkpoint 2's transaction committed: nothing is written twice.
            Restore(again, checkpoint2);
            Assert.Equal(Jsons(0, 130), Committed());
            await again.WriteAsync(Rows(130, 20), default);
            await again.FinishAsync(default);
        }
        Assert.Equal(Jsons(0, 150), Committed());
    }

    /// <summary>
    /// A bounded job's final transaction committed, then the process died before it removed its checkpoints: the
    /// restored sink finds the final marker after its checkpoint and drops the replayed rows (written already),
    /// also in a later restore of this run's own checkpoints.
    /// </summary>
    [RequiresServerFact(TestServer.Kafka)]
    public async Task ExactlyOnce_RestoreAfterTheFinalCommit_DropsTheReplayedRows()
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("txfinal");
        var markers = NewTopic("markers");
        KafkaTestClient.EnsureTopic(host.BootstrapServers, topic);
        var connector = KafkaSourceTests.KafkaTable(host.BootstrapServers, topic, ("sink.delivery-guarantee", "exactly-once"),
            ("sink.transactional-id-prefix", "tx-" + topic), ("sink.transaction-marker-topic", markers));
        List<string> Committed() => [.. KafkaTestClient.ReadCommittedThroughMarkers(host.BootstrapServers, topic, markers).Select(r => r.Value!).Order(StringComparer.Ordinal)];
        static List<string> Jsons(int from, int count) => [.. Enumerable.Range(from, count).Select(Json).Order(StringComparer.Ordinal)];
        static byte[] Snapshot(KafkaSink sink)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) sink.SnapshotState(writer);
            return buffer.ToArray();
        }
        static void Restore(KafkaSink sink, byte[] state)
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            sink.RestoreState(reader);
        }

        byte[] checkpoint1;
        await using (var finished = CreateSink(connector))
        {
            await finished.OpenAsync(default);
            await finished.WriteAsync(Rows(0, 100), default);
            await finished.PrepareCommitAsync(1, default);
            checkpoint1 = Snapshot(finished);
            await finished.CommitAsync(1, default);
            await finished.WriteAsync(Rows(100, 20), default);
            await finished.FinishAsync(default);
            // Dies here, before the job deletes checkpoint 1.
        }
        Assert.Equal(Jsons(0, 120), Committed());

        byte[] checkpoint2;
        await using (var replay = CreateSink(connector))
        {
            await replay.OpenAsync(default);
            Restore(replay, checkpoint1);
            await replay.WriteAsync(Rows(100, 10), default);
            await replay.PrepareCommitAsync(2, default);
            checkpoint2 = Snapshot(replay);
            await replay.CommitAsync(2, default);
            // Dies again.
        }
        await using (var again = CreateSink(connector))
        {
            await again.OpenAsync(default);
            Restore(again, checkpoint2);
            await again.WriteAsync(Rows(110, 10), default);
            await again.FinishAsync(default);
        }
        Assert.Equal(Jsons(0, 120), Committed());
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task KeylessRows_AreSpreadRoundRobin_AndKeyedRows_KeepOnePartitionPerKey()
    {
        var host = await _fixture.GetHostAsync();
        var keyless = NewTopic("rr");
        await using (var sink = CreateSink(KafkaSourceTests.KafkaTable(host.BootstrapServers, keyless)))
        {
            await sink.OpenAsync(default);
            await sink.WriteAsync(Rows(0, 400), default);
            await sink.FinishAsync(default);
        }
        var counts = KafkaTestClient.ReadAll(host.BootstrapServers, keyless).GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 100, [1] = 100, [2] = 100, [3] = 100 }, counts);

        var keyed = NewTopic("keyed");
        await using (var sink = CreateSink(KafkaSourceTests.KafkaTable(host.BootstrapServers, keyed, ("key.format", "json"), ("key.fields", "id"),
            ("value.fields-include", "EXCEPT_KEY"))))
        {
            await sink.OpenAsync(default);
            var batch = new RowBatch(600);
            for (var i = 0; i < 600; i++) batch.Add([(long)(i % 30), "n" + i]);
            await sink.WriteAsync(batch, default);
            await sink.FinishAsync(default);
        }
        var records = KafkaTestClient.ReadAll(host.BootstrapServers, keyed);
        Assert.Equal(600, records.Count);
        Assert.All(records.GroupBy(r => r.Key), g => Assert.Single(g.Select(r => r.Partition).Distinct()));
        Assert.True(records.Select(r => r.Partition).Distinct().Count() > 1, "30 keys should hash to several partitions");
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"{{\"id\":{i % 30}}}|{{\"name\":\"n{i}\"}}").Order(StringComparer.Ordinal),
            records.Select(r => $"{r.Key}|{r.Value}").Order(StringComparer.Ordinal));
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task UndeliveredRows_FailTheSink_WithBsql4301()
    {
        // A cluster of this test's own, whose only broker goes down after the sink connected: the rows time out.
        using var cluster = MockCluster.Start(brokers: 1);
        var topic = NewTopic("down");
        cluster.CreateTopic(topic, 2);
        await using var sink = CreateSink(KafkaSourceTests.KafkaTable(cluster.BootstrapServers, topic, ("properties.message.timeout.ms", "1000")));
        await sink.OpenAsync(default);
        cluster.SetBrokerDown(1);
        await sink.WriteAsync(Rows(0, 10), default);

        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(async () => await sink.FinishAsync(default));
        Assert.Equal(RuntimeErrors.SinkFailed, error.Code);
        Assert.Contains("was not delivered", error.Message, StringComparison.Ordinal);
        Assert.Contains(topic, error.Message, StringComparison.Ordinal);
    }
}
