using Bsql.IntegrationTests.Infrastructure;
using Bsql.KafkaMock;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>
/// Proves the Kafka plumbing: Confluent.Kafka 1.9.3 on Debian's librdkafka.so.1 (through
/// <see cref="NativeLibrdkafka"/>) talking to librdkafka's mock cluster, hosted out of process by
/// Bsql.KafkaMock and in process by <see cref="MockCluster"/>.
/// </summary>
public sealed class KafkaSmokeTests : IClassFixture<KafkaMockHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly KafkaMockHostFixture _fixture;

    public KafkaSmokeTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    [RequiresServerFact(TestServer.Kafka)]
    public async Task ThousandMessages_ProducedToAutoCreatedTopic_AreConsumedBackExactlyByAGroup()
    {
        NativeLibrdkafka.EnsureLoaded();
        var host = await _fixture.GetHostAsync();
        var topic = "smoke-" + Guid.NewGuid().ToString("N");
        var expected = Enumerable.Range(0, 1000).ToDictionary(i => $"key-{i}", i => $"value-{i}");

        var delivered = Produce(host.BootstrapServers, topic, expected);
        Assert.Equal(expected.Count, delivered.Count);
        // The mock creates a topic on the producer's metadata request, always with 4 partitions.
        Assert.Equal([0, 1, 2, 3], delivered.Select(d => d.Partition.Value).Distinct().Order());

        var consumed = new Dictionary<string, string>();
        var partitions = new HashSet<int>();
        var config = new ConsumerConfig
        {
            BootstrapServers = host.BootstrapServers,
            GroupId = "smoke-group-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using (var consumer = new ConsumerBuilder<string, string>(config).Build())
        {
            consumer.Subscribe(topic);
            var deadline = DateTime.UtcNow + Deadline;
            while (consumed.Count < expected.Count && DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result is null)
                {
                    continue;
                }

                Assert.True(consumed.TryAdd(result.Message.Key, result.Message.Value), $"duplicate key {result.Message.Key}");
                partitions.Add(result.Partition.Value);
            }

            consumer.Commit();
            consumer.Close();
        }

        Assert.True(consumed.Count == expected.Count, $"consumed {consumed.Count} of {expected.Count}; host log:\n{host.Stderr}");
        Assert.Equal(expected.OrderBy(p => p.Key), consumed.OrderBy(p => p.Key));
        Assert.Equal([0, 1, 2, 3], partitions.Order());
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task TopicPreCreatedByTheHost_HasTheRequestedPartitionCount()
    {
        NativeLibrdkafka.EnsureLoaded();
        var host = await _fixture.GetHostAsync();
        var messages = Enumerable.Range(0, 300).ToDictionary(i => $"k{i}", i => $"v{i}");

        var delivered = Produce(host.BootstrapServers, KafkaMockHostFixture.PreCreatedTopic, messages);

        Assert.Equal(
            Enumerable.Range(0, KafkaMockHostFixture.PreCreatedPartitions),
            delivered.Select(d => d.Partition.Value).Distinct().Order());
    }

    [RequiresServerFact(TestServer.Kafka)]
    public void InProcessMockCluster_ListensOnLoopback_AndServesACreatedTopic()
    {
        NativeLibrdkafka.EnsureLoaded();
        using var cluster = MockCluster.Start(brokers: 2);
        cluster.CreateTopic("two-partitions", partitions: 2);

        Assert.All(cluster.BootstrapServers.Split(','), broker => Assert.StartsWith("127.0.0.1:", broker, StringComparison.Ordinal));
        Assert.Equal(2, cluster.BootstrapServers.Split(',').Length);

        var messages = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => $"v{i}");
        var delivered = Produce(cluster.BootstrapServers, "two-partitions", messages);

        Assert.Equal(50, delivered.Count);
        Assert.Equal([0, 1], delivered.Select(d => d.Partition.Value).Distinct().Order());
        Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("two-partitions", partitions: 2));
    }

    /// <summary>Produces every pair and returns the delivery reports; fails on any delivery error.</summary>
    private static List<DeliveryReport<string, string>> Produce(
        string bootstrapServers, string topic, IReadOnlyDictionary<string, string> messages)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, LingerMs = 5 };
        var reports = new List<DeliveryReport<string, string>>();
        using var producer = new ProducerBuilder<string, string>(config).Build();
        foreach (var (key, value) in messages)
        {
            producer.Produce(topic, new Message<string, string> { Key = key, Value = value }, report =>
            {
                lock (reports)
                {
                    reports.Add(report);
                }
            });
        }

        var remaining = producer.Flush(Deadline);
        Assert.Equal(0, remaining);
        lock (reports)
        {
            Assert.All(reports, r => Assert.Equal(ErrorCode.NoError, r.Error.Code));
            return [.. reports];
        }
    }
}
