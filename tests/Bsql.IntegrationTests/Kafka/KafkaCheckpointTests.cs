using Bsql.IntegrationTests.Infrastructure;
using Bsql.Runtime.Execution;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>Unbounded Kafka jobs with checkpoints: offsets committed on checkpoint completion, restore after a stop.</summary>
public sealed class KafkaCheckpointTests : IClassFixture<KafkaMockHostFixture>
{
    private readonly KafkaMockHostFixture _fixture;

    public KafkaCheckpointTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    [RequiresServerFact(TestServer.Kafka)]
    public async Task UnboundedCopy_CommitsOffsetsOnCheckpoints_AndAfterAStopResumesWithoutLossOrDuplicates()
    {
        var host = await _fixture.GetHostAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var input = "cp-in-" + id;
        var output = "cp-out-" + id;
        var group = "cp-" + id;
        var directory = Path.Combine(Path.GetTempPath(), "bsql-kafka-cp-" + id);
        var events = KafkaSourceTests.MakeEvents(700);
        KafkaTestClient.Produce(host.BootstrapServers, input, KafkaSourceTests.AsRecords(events.Take(500)));
        KafkaTestClient.EnsureTopic(host.BootstrapServers, output);

        KafkaTestJob Job()
        {
            var job = new KafkaTestJob();
            var src = job.Source("events", KafkaSourceTests.Events, KafkaSourceTests.KafkaTable(host.BootstrapServers, input,
                ("scan.startup.mode", "earliest-offset"), ("properties.group.id", group)), parallelism: 2);
            job.Sink(src, "copy", KafkaSourceTests.KafkaTable(host.BootstrapServers, output, ("sink.delivery-guarantee", "exactly-once"),
                ("sink.transactional-id-prefix", "cp-" + id)));
            return job;
        }
        var options = new JobRunOptions { JobId = "cp-" + id, CheckpointDir = directory, CheckpointIntervalMs = 200 };

        async Task RunUntil(Func<bool> done)
        {
            using var stop = new CancellationTokenSource();
            var run = Job().RunAsync(options, stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(45);
            while (!done() && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(200);
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
            Assert.True(done(), "the job did not get there in 45 s");
        }

        var ends = () => KafkaTestClient.EndOffsets(host.BootstrapServers, input, 4);
        var committedAll = () => KafkaTestClient.Committed(host.BootstrapServers, group, input, 4).SequenceEqual(ends());
        try
        {
            // Offsets reach the group only through completed checkpoints (the job never finishes by itself).
            await RunUntil(committedAll);
            KafkaTestClient.Produce(host.BootstrapServers, input, KafkaSourceTests.AsRecords(events.Skip(500)));
            Assert.False(committedAll());
            // Restarted from its latest checkpoint: only the 200 new events are read and written.
            await RunUntil(committedAll);

            var expected = events.Select(e => e.Json).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, KafkaTestClient.ReadAll(host.BootstrapServers, output).Select(r => r.Value!).Order(StringComparer.Ordinal));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
