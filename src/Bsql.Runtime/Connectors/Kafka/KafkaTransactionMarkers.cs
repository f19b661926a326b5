using System.Globalization;
using System.Text;
using System.Text.Json;
using Bsql.Runtime.Execution;
using Confluent.Kafka;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// Commit markers of an exactly-once sink subtask. Every transaction of the subtask also writes one record to
/// the marker topic (<c>sink.transaction-marker-topic</c>): key = the transactional id, value = JSON
/// <c>{"checkpoint":N,"topic":"out","offsets":{"0":[[first,last],...],...}}</c>, the checkpoint the transaction
/// commits and the offsets of the rows it wrote, as runs per partition (plus <c>"final":true</c> for a bounded job's
/// last transaction). Since the marker is written in the transaction, a
/// <c>read_committed</c> reader sees it exactly when the transaction committed; a restore reads the markers to
/// learn whether the transaction of the restored checkpoint committed before the crash. All markers of one
/// transactional id go to one partition (a stable hash of the id), so a restore reads one partition, from the
/// offset the checkpoint recorded on.
/// </summary>
internal sealed class KafkaTransactionMarkers
{
    private readonly KafkaTableOptions _options;
    private readonly string _transactionalId;
    private readonly byte[] _key;

    public KafkaTransactionMarkers(KafkaTableOptions options, string transactionalId)
    {
        _options = options;
        _transactionalId = transactionalId;
        _key = Encoding.UTF8.GetBytes(transactionalId);
    }

    /// <summary>The marker topic.</summary>
    public string Topic => _options.MarkerTopic;

    /// <summary>The partition this transactional id's markers go to (set by <see cref="Resolve"/>).</summary>
    public int Partition { get; private set; }

    /// <summary>Picks the partition of this id's markers from the topic's partition count (the metadata request also creates the topic where the cluster auto-creates topics).</summary>
    public void Resolve(IAdminClient admin, TimeSpan timeout)
    {
        var topic = admin.GetMetadata(Topic, timeout).Topics.FirstOrDefault(t => t.Topic == Topic);
        var count = topic is { Error.Code: ErrorCode.NoError } ? topic.Partitions.Count : 0;
        if (count == 0)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_options.Table}': the exactly-once marker topic '{Topic}' does not exist on '{_options.BootstrapServers}' "
                + $"({topic?.Error.Reason ?? "no metadata"}): create it (a compacted topic is enough) or set 'sink.transaction-marker-topic'");
        }
        Partition = (int)(Fnv1a(_key) % (uint)count);
    }

    /// <summary>The marker record of a transaction committing <paramref name="checkpoint"/> that wrote <paramref name="offsets"/> of <paramref name="dataTopic"/>.</summary>
    /// <remarks><paramref name="final"/>: the transaction that ended a bounded job (everything after the checkpoint too).</remarks>
    public Message<byte[]?, byte[]?> Create(long checkpoint, string dataTopic, IEnumerable<KeyValuePair<int, List<(long First, long Last)>>> offsets, bool final = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("checkpoint", checkpoint);
            if (final) json.WriteBoolean("final", true);
            json.WriteString("topic", dataTopic);
            json.WriteStartObject("offsets");
            foreach (var (partition, runs) in offsets.OrderBy(o => o.Key))
            {
                json.WriteStartArray(partition.ToString(CultureInfo.InvariantCulture));
                foreach (var (first, last) in Merge(runs))
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(first);
                    json.WriteNumberValue(last);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new Message<byte[]?, byte[]?> { Key = _key, Value = buffer.ToArray() };
    }

    /// <summary>The checkpoint a marker record commits and whether it ended the job, or null when the record is not a marker.</summary>
    public static (long Checkpoint, bool Final)? Parse(byte[]? value)
    {
        if (value is null) return null;
        try
        {
            using var json = JsonDocument.Parse(value);
            if (!json.RootElement.TryGetProperty("checkpoint", out var c) || !c.TryGetInt64(out var id)) return null;
            return (id, json.RootElement.TryGetProperty("final", out var f) && f.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The newest checkpoint committed by this transactional id among the committed markers of
    /// <paramref name="partition"/> from offset <paramref name="from"/> on (-1 when none), whether that marker ended
    /// the job (a bounded job's final transaction), and the end offset read to. Call it after <c>InitTransactions</c>:
    /// that settles a crashed producer's last transaction (committed or aborted).
    /// </summary>
    public (long Checkpoint, bool Final, long End) LastCommitted(int partition, long from, Deadline deadline)
    {
        var config = new ConsumerConfig(_options.ClientProperties.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _transactionalId + "-markers",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        var tp = new TopicPartition(Topic, partition);
        var end = consumer.QueryWatermarkOffsets(tp, deadline.Remaining()).High.Value;
        var last = -1L;
        var final = false;
        if (from >= end) return (last, final, end);
        consumer.Assign(new TopicPartitionOffset(tp, from));
        while (true)
        {
            var left = deadline.Remaining();
            if (left <= TimeSpan.FromMilliseconds(1))
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"table '{_options.Table}': cannot read the exactly-once markers of '{_transactionalId}' in {Topic}[{partition}] up to offset {end} "
                    + $"within {_options.ConnectTimeoutMs} ms (set 'properties.socket.timeout.ms' to change the timeout)");
            }
            var result = consumer.Consume(TimeSpan.FromMilliseconds(Math.Min(100, left.TotalMilliseconds)));
            if (result is null) continue;
            if (result.IsPartitionEOF)
            {
                if (result.Offset.Value >= end) break;
                continue;
            }
            if (result.Message.Key is { } key && key.AsSpan().SequenceEqual(_key) && Parse(result.Message.Value) is { } marker)
            {
                // Markers of one id are in commit order: the last one read is the newest.
                last = marker.Checkpoint;
                final = marker.Final;
            }
            if (result.Offset.Value + 1 >= end) break;
        }
        return (last, final, end);
    }

    /// <summary>Runs in offset order, adjacent ones merged (delivery reports may come out of order).</summary>
    private static List<(long First, long Last)> Merge(List<(long First, long Last)> runs)
    {
        var merged = new List<(long First, long Last)>(runs.Count);
        foreach (var run in runs.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && merged[^1].Last + 1 >= run.First) merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, run.Last));
            else merged.Add(run);
        }
        return merged;
    }

    private static uint Fnv1a(byte[] bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
