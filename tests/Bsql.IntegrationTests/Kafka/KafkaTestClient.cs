using System.Text;
using Bsql.Runtime.Connectors.Kafka;
using Confluent.Kafka;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>A produced or read-back message.</summary>
internal sealed record KafkaRecord(string? Key, string? Value, int Partition = -1, long Offset = -1, long TimestampMs = 0);

/// <summary>Produces test messages and reads topics back with plain Confluent.Kafka clients.</summary>
internal static class KafkaTestClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Produces every record (in order, to the partition its key hashes to or to <c>Partition</c> when ≥ 0) and returns the delivered ones.</summary>
    public static List<KafkaRecord> Produce(string bootstrap, string topic, IEnumerable<KafkaRecord> records)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5, Partitioner = Partitioner.Murmur2Random, EnableIdempotence = true };
        var reports = new List<DeliveryReport<byte[]?, byte[]?>>();
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build())
        {
            foreach (var r in records)
            {
                var message = new Message<byte[]?, byte[]?>
                {
                    Key = r.Key is null ? null : Encoding.UTF8.GetBytes(r.Key),
                    Value = r.Value is null ? null : Encoding.UTF8.GetBytes(r.Value),
                };
                if (r.TimestampMs > 0) message.Timestamp = new Timestamp(r.TimestampMs, TimestampType.CreateTime);
                var target = new TopicPartition(topic, r.Partition >= 0 ? new Partition(r.Partition) : Partition.Any);
                producer.Produce(target, message, report =>
                {
                    lock (reports) reports.Add(report);
                });
            }
            if (producer.Flush(Timeout) != 0) throw new TimeoutException("messages not delivered");
        }
        lock (reports)
        {
            var failed = reports.FirstOrDefault(r => r.Error.IsError);
            if (failed is not null) throw new InvalidOperationException("delivery failed: " + failed.Error.Reason);
            return [.. reports.Select(r => new KafkaRecord(Text(r.Message.Key), Text(r.Message.Value), r.Partition.Value, r.Offset.Value, r.Timestamp.UnixTimestampMs))];
        }
    }

    /// <summary>Creates <paramref name="topic"/> (4 partitions on the mock) by asking for its metadata as a producer.</summary>
    public static int EnsureTopic(string bootstrap, string topic)
    {
        NativeLibrdkafka.EnsureLoaded();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        return admin.GetMetadata(topic, Timeout).Topics.Single(t => t.Topic == topic).Partitions.Count;
    }

    /// <summary>Every message of the topic, read from the beginning to the current end of each partition.</summary>
    public static List<KafkaRecord> ReadAll(string bootstrap, string topic, IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = isolation,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        int partitions;
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            partitions = admin.GetMetadata(topic, Timeout).Topics.Single(t => t.Topic == topic).Partitions.Count;
        }
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var atEnd = new HashSet<int>();
        var result = new List<KafkaRecord>();
        var deadline = DateTime.UtcNow + Timeout;
        while (atEnd.Count < partitions)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"reading {topic}: only {atEnd.Count} of {partitions} partitions reached their end");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null) continue;
            if (r.IsPartitionEOF)
            {
                atEnd.Add(r.Partition.Value);
                continue;
            }
            result.Add(new KafkaRecord(Text(r.Message.Key), Text(r.Message.Value), r.Partition.Value, r.Offset.Value, r.Message.Timestamp.UnixTimestampMs));
        }
        return result;
    }

    /// <summary>
    /// What a <c>read_committed</c> reader of <paramref name="topic"/> sees of exactly-once sinks' output, on a broker
    /// without isolation (the mock shows aborted transactions' messages too): the records inside the offset ranges
    /// that the commit markers in <paramref name="markerTopic"/> list for <paramref name="topic"/> (each marker lists
    /// the exact offsets of its transaction's rows, as runs).
    /// </summary>
    public static List<KafkaRecord> ReadCommittedThroughMarkers(string bootstrap, string topic, string markerTopic = KafkaTableOptions.DefaultMarkerTopic)
    {
        var ranges = new List<(int Partition, long First, long Last)>();
        foreach (var marker in ReadAll(bootstrap, markerTopic))
        {
            using var json = System.Text.Json.JsonDocument.Parse(marker.Value!);
            if (json.RootElement.GetProperty("topic").GetString() != topic) continue;
            foreach (var p in json.RootElement.GetProperty("offsets").EnumerateObject())
            {
                foreach (var run in p.Value.EnumerateArray())
                {
                    ranges.Add((int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), run[0].GetInt64(), run[1].GetInt64()));
                }
            }
        }
        return [.. ReadAll(bootstrap, topic).Where(r => ranges.Any(x => x.Partition == r.Partition && x.First <= r.Offset && r.Offset <= x.Last))];
    }

    /// <summary>The offsets <paramref name="group"/> committed for partitions 0..n-1 of <paramref name="topic"/> (-1001 when none).</summary>
    public static long[] Committed(string bootstrap, string group, string topic, int partitions)
    {
        NativeLibrdkafka.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), Timeout);
        return [.. committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value)];
    }

    /// <summary>The end offset of each partition.</summary>
    public static long[] EndOffsets(string bootstrap, string topic, int partitions)
    {
        NativeLibrdkafka.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "ends" }).Build();
        return [.. Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout).High.Value)];
    }

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
