using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.Kafka;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>The <c>kafka</c> source driven by hand: partitions reported to the output, checkpoint positions, offset commits, restore.</summary>
public sealed class KafkaSourcePositionTests : IClassFixture<KafkaMockHostFixture>
{
    private readonly KafkaMockHostFixture _fixture;

    public KafkaSourcePositionTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    private sealed class RecordingOutput : ISourceOutput
    {
        public List<(long Id, int Partition)> Rows { get; } = [];
        public List<string> Events { get; } = [];
        public int EmittedInCall { get; set; }
        public object?[] NewRow() => new object?[4];
        public void Emit(object?[] row, int partition)
        {
            Rows.Add(((long)row[0]!, partition));
            EmittedInCall++;
        }
        public void PartitionAssigned(int partition) => Events.Add("assigned " + partition);
        public void PartitionFinished(int partition) => Events.Add("finished " + partition);
    }

    private static KafkaSource Create(ConnectorSpec connector, int subtask, int parallelism, string? restored = null, int batch = 1000) =>
        new(new SourceContext(new SourceSpec("events", connector, KafkaSourceTests.Events, [], null), connector, subtask, parallelism, TimeProvider.System)
        {
            RestoredPosition = restored,
            BatchSize = batch,
            JobId = "position-test",
        });

    private static async Task<SourceStatus> ReadUntil(KafkaSource source, RecordingOutput output, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            output.EmittedInCall = 0;
            var status = await source.ReadAsync(output, default);
            if (status == SourceStatus.Finished || done()) return status;
        }
        throw new TimeoutException("the source did not get there in 30 s");
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task Position_CommittedOnCheckpointComplete_AndRestoredByANewSubtask_ReadsEveryMessageOnce()
    {
        var host = await _fixture.GetHostAsync();
        var topic = "pos-" + Guid.NewGuid().ToString("N")[..12];
        var group = "g-" + topic;
        var events = KafkaSourceTests.MakeEvents(400);
        // One key per message, so every partition gets some.
        KafkaTestClient.Produce(host.BootstrapServers, topic, events.Select(e => new KafkaRecord("k" + e.Id, e.Json)));
        var connector = KafkaSourceTests.KafkaTable(host.BootstrapServers, topic, ("scan.startup.mode", "earliest-offset"),
            ("scan.bounded.mode", "latest-offset"), ("properties.group.id", group));

        var first = new RecordingOutput();
        string position;
        await using (var source = Create(connector, 0, 1, batch: 50))
        {
            await source.OpenAsync(default);
            Assert.Equal([$"{topic}:0", $"{topic}:1", $"{topic}:2", $"{topic}:3"], source.AssignedPartitions);
            await ReadUntil(source, first, () => first.Rows.Count >= 150);
            position = source.SnapshotPosition()!;
            // Nothing is committed before the checkpoint completes.
            Assert.All(KafkaTestClient.Committed(host.BootstrapServers, group, topic, 4), o => Assert.True(o < 0));
            await source.CheckpointCompletedAsync(1, position, default);
        }
        Assert.Equal(["assigned 0", "assigned 1", "assigned 2", "assigned 3"], first.Events.Where(e => e.StartsWith("assigned", StringComparison.Ordinal)));
        var committed = KafkaTestClient.Committed(host.BootstrapServers, group, topic, 4);
        Assert.Equal(position, string.Join(';', committed.Select((o, p) => $"{topic}:{p}:{o}")));
        Assert.Equal(first.Rows.Count, committed.Sum());

        var second = new RecordingOutput();
        await using (var restored = Create(connector, 0, 1, restored: position))
        {
            await restored.OpenAsync(default);
            Assert.Equal(SourceStatus.Finished, await ReadUntil(restored, second, () => false));
        }
        Assert.Equal(events.Select(e => e.Id).Order(), first.Rows.Concat(second.Rows).Select(r => r.Id).Order());
        // A partition the first run had read to its end is finished at open: it is neither assigned nor reported.
        var ends = KafkaTestClient.EndOffsets(host.BootstrapServers, topic, 4);
        var unfinished = Enumerable.Range(0, 4).Where(p => committed[p] < ends[p]).ToList();
        Assert.Equal(unfinished.Select(p => "assigned " + p).Concat(unfinished.Select(p => "finished " + p)).Order(StringComparer.Ordinal),
            second.Events.Order(StringComparer.Ordinal));
        // Rows carry their Kafka partition, so the runtime keeps one watermark per partition.
        var delivered = KafkaTestClient.ReadAll(host.BootstrapServers, topic).ToDictionary(r => r.Value!, r => r.Partition);
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.Equal(delivered[events[(int)r.Id].Json], r.Partition));
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task Subtasks_SplitThePartitionsRoundRobin()
    {
        var host = await _fixture.GetHostAsync();
        var topic = "split-" + Guid.NewGuid().ToString("N")[..12];
        KafkaTestClient.EnsureTopic(host.BootstrapServers, topic);
        var connector = KafkaSourceTests.KafkaTable(host.BootstrapServers, topic + ";" + KafkaMockHostFixture.PreCreatedTopic, ("scan.startup.mode", "latest-offset"));
        var assigned = new List<IReadOnlyList<string>>();
        for (var subtask = 0; subtask < 3; subtask++)
        {
            await using var source = Create(connector, subtask, 3);
            await source.OpenAsync(default);
            assigned.Add(source.AssignedPartitions);
        }
        var all = Enumerable.Range(0, 4).Select(p => $"{topic}:{p}")
            .Concat(Enumerable.Range(0, KafkaMockHostFixture.PreCreatedPartitions).Select(p => $"{KafkaMockHostFixture.PreCreatedTopic}:{p}")).ToList();
        for (var subtask = 0; subtask < 3; subtask++)
        {
            Assert.Equal(all.Where((_, i) => i % 3 == subtask), assigned[subtask]);
        }
    }
}
