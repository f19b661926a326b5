using System.Globalization;
using System.Text;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;
using Confluent.Kafka;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// One subtask of a <c>kafka</c> source. Partitions are assigned by hand, as in Flink: the partitions of
/// every topic, listed in topic order then partition order, go round-robin to the subtasks (partition i
/// to subtask i mod parallelism); the group (<c>properties.group.id</c>, default <c>bsql-&lt;job id&gt;</c>) only
/// stores offsets. In a scale-out slot (<see cref="SourceContext.Slot"/>) only the partitions p with p mod slots = slot
/// are listed before that split. Each partition reports its own event time to <see cref="ISourceOutput"/>, so the
/// watermark is the minimum over partitions. Messages are taken from librdkafka in batches of up to
/// <see cref="SourceContext.BatchSize"/> per call (<see cref="KafkaNativeConsumer"/>) and decoded in place,
/// without copying keys and values. The position is the next offset of every
/// partition of the subtask (<c>topic:partition:offset;...</c>); offsets are committed to the group when a
/// checkpoint completes (<see cref="ISourceCheckpointListener"/>) and when a bounded read finishes.
/// </summary>
public sealed class KafkaSource : ISource, ISourceCheckpointListener
{
    private const int PollMs = 100;

    private readonly SourceContext _context;
    private readonly KafkaTableOptions _options;
    private readonly RecordDecoder _valueDecoder;
    private readonly RecordDecoder? _keyDecoder;
    private readonly bool _valueIsWholeRow;
    private readonly int[] _valueColumns;
    private readonly bool _decodeWholeRow;
    private readonly bool _rawValue;
    private readonly object?[] _valueScratch;
    private readonly object?[] _keyScratch;
    private readonly Dictionary<string, PartitionState?[]> _byTopic = new(StringComparer.Ordinal);
    private PartitionState[] _partitions = [];
    private PartitionState?[] _singleTopic = [];
    private byte[][] _topicNames = [];
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private KafkaNativeConsumer? _reader;
    private IntPtr[] _messages = [];
    private volatile Error? _fatal;
    private int _remaining;
    private bool _announced;
    private bool _committedAtEnd;
    private string _groupId = "";

    /// <summary>A source subtask for <paramref name="context"/>; BSQL4001 on a bad option.</summary>
    public KafkaSource(SourceContext context)
    {
        _context = context;
        _options = KafkaTableOptions.Parse(context.Table, context.Connector, context.PhysicalSchema);
        var schema = context.PhysicalSchema;
        _valueIsWholeRow = _options.ValueColumns.Length == schema.Count;
        _rawValue = _options.ValueFormat.Equals("raw", StringComparison.OrdinalIgnoreCase);
        // JSON fields are found by name: fields of columns the job does not read are skipped, not decoded (left NULL).
        _valueColumns = [.. _options.ValueColumns];
        if (context.ReadColumns is { } read && _options.ValueFormat.Equals("json", StringComparison.OrdinalIgnoreCase)
            && !IsTrue(context.Connector.Get("json.fail-on-missing-field")) && !IsTrue(context.Connector.Get("value.json.fail-on-missing-field")))
        {
            _valueColumns = [.. _valueColumns.Where(c => read[c])];
        }
        _decodeWholeRow = _valueColumns.Length == schema.Count;
        _valueDecoder = context.Formats.CreateDecoder(_options.ValueFormat, context.Table,
            KafkaTableOptions.Project(schema, [.. _valueColumns]), context.Connector, context.FormatMetrics, context.DeadLetters);
        _valueScratch = new object?[_valueColumns.Length];
        _keyScratch = new object?[_options.KeyColumns.Length];
        // With value.fields-include = ALL the value carries the key columns too and wins (as in Flink): the key is not decoded.
        if (_options.KeyFormat is { } keyFormat && !_valueIsWholeRow)
        {
            _keyDecoder = context.Formats.CreateDecoder(keyFormat, context.Table, KafkaTableOptions.Project(schema, _options.KeyColumns),
                KafkaTableOptions.KeyFormatOptions(context.Connector, keyFormat, _options.ValueFormat), context.FormatMetrics, context.DeadLetters);
        }
    }

    /// <inheritdoc />
    public bool IsBounded => _options.BoundedMode != KafkaBoundedMode.Unbounded;

    /// <summary>Partitions of this subtask as <c>topic:partition</c>, in assignment order (for tests and logs).</summary>
    public IReadOnlyList<string> AssignedPartitions => [.. _partitions.Select(p => p.Topic + ":" + p.Partition.ToString(CultureInfo.InvariantCulture))];

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        // Network timeouts run on the wall clock, not the (possibly simulated) job clock.
        var deadline = new Deadline(TimeProvider.System, _options.ConnectTimeoutMs);
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig())
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal) _fatal = error;
            })
            .SetLogHandler((_, _) => { })
            .Build();
        try
        {
            var all = ListPartitions(deadline);
            // Scale-out: this slot's share first (partition p of every topic to slot p mod slots), then split among subtasks.
            if (_context.SlotCount > 1) all = [.. all.Where(p => p.Partition % _context.SlotCount == _context.Slot)];
            var mine = new List<PartitionState>();
            for (var i = 0; i < all.Count; i++)
            {
                if (i % _context.Parallelism != _context.SubtaskIndex) continue;
                all[i].Id = i;
                mine.Add(all[i]);
                _byTopic[all[i].Topic][all[i].Partition] = all[i];
            }
            _partitions = [.. mine];
            _singleTopic = _byTopic[_options.Topics[0]];
            ResolveOffsets(deadline);
        }
        catch (KafkaException e)
        {
            throw Unavailable(e.Error.Reason, e);
        }
        _remaining = _partitions.Count(p => !p.Finished);
        var assignment = _partitions.Where(p => !p.Finished).Select(p => new TopicPartitionOffset(p.TopicPartition, new Offset(p.Next))).ToList();
        _consumer.Assign(assignment);
        _reader = new KafkaNativeConsumer(_consumer);
        _messages = new IntPtr[Math.Max(1, _context.BatchSize)];
        _topicNames = [.. _options.Topics.Select(Encoding.UTF8.GetBytes)];
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("the source is not open");
        if (!_announced)
        {
            _announced = true;
            foreach (var p in _partitions)
            {
                if (!p.Finished) output.PartitionAssigned(p.Id);
            }
        }
        if (_fatal is { } fatal) throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"table '{_context.Table}': Kafka client failed: {fatal.Reason}");
        if (IsBounded && _remaining == 0) return ValueTask.FromResult(Finish());

        var handled = 0;
        var timeout = PollMs;
        while (handled < _messages.Length && !(IsBounded && _remaining == 0))
        {
            var n = reader.Poll(_messages, _messages.Length - handled, timeout);
            if (n == 0) break;
            timeout = 0;
            handled += n;
            var i = 0;
            try
            {
                for (; i < n; i++)
                {
                    Handle(_messages[i], output);
                    KafkaNativeConsumer.Destroy(_messages[i]);
                }
            }
            finally
            {
                // A message that failed the job (decode error policy, consume error) and those after it are released too.
                for (; i < n; i++) KafkaNativeConsumer.Destroy(_messages[i]);
            }
        }
        if (IsBounded && _remaining == 0) return ValueTask.FromResult(Finish());
        return ValueTask.FromResult(handled > 0 ? SourceStatus.Active : SourceStatus.Idle);
    }

    /// <inheritdoc />
    public string? SnapshotPosition()
    {
        var text = new StringBuilder();
        foreach (var p in _partitions)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(p.Topic).Append(':').Append(p.Partition).Append(':').Append(p.Next);
        }
        return text.ToString();
    }

    /// <inheritdoc />
    public ValueTask CheckpointCompletedAsync(long checkpointId, string? position, CancellationToken cancellationToken)
    {
        if (position is null || _consumer is null) return ValueTask.CompletedTask;
        var offsets = ParsePosition(position).Select(e => new TopicPartitionOffset(e.Key.Topic, e.Key.Partition, e.Value)).ToList();
        Commit(offsets);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _reader = null;
        _consumer?.Dispose();
        _consumer = null;
        return ValueTask.CompletedTask;
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig(_options.ClientProperties.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _options.BootstrapServers,
        };
        if (string.IsNullOrEmpty(config.GroupId)) config.GroupId = "bsql-" + _context.JobId;
        _groupId = config.GroupId;
        if (!_options.ClientProperties.ContainsKey("enable.auto.commit")) config.EnableAutoCommit = false;
        if (IsBounded) config.EnablePartitionEof = true;
        return config;
    }

    private List<PartitionState> ListPartitions(Deadline deadline)
    {
        var all = new List<PartitionState>();
        // A dependent admin client busy-polls while it lives (see shared/architecture.md): dispose it at once.
        using var admin = new DependentAdminClientBuilder(_consumer!.Handle).Build();
        foreach (var topic in _options.Topics)
        {
            var metadata = admin.GetMetadata(topic, deadline.Remaining());
            var topicMetadata = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (topicMetadata is null || topicMetadata.Error.Code == ErrorCode.UnknownTopicOrPart || topicMetadata.Partitions.Count == 0)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"table '{_context.Table}': topic '{topic}' does not exist on '{_options.BootstrapServers}'");
            }
            if (topicMetadata.Error.Code != ErrorCode.NoError) throw Unavailable($"topic '{topic}': {topicMetadata.Error.Reason}", null);
            var ids = topicMetadata.Partitions.Select(p => p.PartitionId).Order().ToList();
            _byTopic[topic] = new PartitionState?[ids[^1] + 1];
            foreach (var id in ids) all.Add(new PartitionState(topic, id));
        }
        return all;
    }

    private void ResolveOffsets(Deadline deadline)
    {
        var consumer = _consumer!;
        var restored = _context.RestoredPosition is { } position ? ParsePosition(position) : [];
        var tps = _partitions.Select(p => p.TopicPartition).ToList();
        Dictionary<TopicPartition, Offset>? committed = null;
        Dictionary<TopicPartition, Offset> Committed() => committed ??=
            consumer.Committed(tps, deadline.Remaining()).ToDictionary(c => c.TopicPartition, c => c.Offset);
        Dictionary<TopicPartition, Offset> ForTimes(long ms) =>
            consumer.OffsetsForTimes(tps.Select(tp => new TopicPartitionTimestamp(tp, new Timestamp(ms, TimestampType.CreateTime))), deadline.Remaining())
                .ToDictionary(c => c.TopicPartition, c => c.Offset);
        var startTimes = _options.StartupMode == KafkaStartupMode.Timestamp && restored.Count == 0 ? ForTimes(_options.StartupTimestampMs) : null;
        var resetToEarliest = _options.ClientProperties.TryGetValue("auto.offset.reset", out var reset)
            && reset is "earliest" or "smallest" or "beginning";

        foreach (var p in _partitions)
        {
            var marks = consumer.QueryWatermarkOffsets(p.TopicPartition, deadline.Remaining());
            if (restored.TryGetValue((p.Topic, p.Partition), out var restoredOffset))
            {
                p.Next = restoredOffset;
            }
            else
            {
                switch (_options.StartupMode)
                {
                    case KafkaStartupMode.EarliestOffset:
                        p.Next = marks.Low.Value;
                        break;
                    case KafkaStartupMode.LatestOffset:
                        p.Next = marks.High.Value;
                        break;
                    case KafkaStartupMode.GroupOffsets:
                        var offset = Committed()[p.TopicPartition];
                        p.Next = offset.Value >= 0 ? offset.Value : resetToEarliest ? marks.Low.Value : marks.High.Value;
                        break;
                    case KafkaStartupMode.Timestamp:
                        // A broker without a time index answers -1: read from the start and skip earlier messages here.
                        var at = startTimes![p.TopicPartition];
                        p.Next = at.Value >= 0 ? at.Value : marks.Low.Value;
                        p.SkipBeforeStartTime = true;
                        break;
                }
            }
            p.Stop = _options.BoundedMode switch
            {
                KafkaBoundedMode.Unbounded => long.MaxValue,
                KafkaBoundedMode.LatestOffset or KafkaBoundedMode.Timestamp => marks.High.Value,
                KafkaBoundedMode.GroupOffsets => Committed()[p.TopicPartition] is { Value: >= 0 } stop ? stop.Value
                    : throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                        $"table '{_context.Table}': scan.bounded.mode 'group-offsets' but group '{_groupId}' has no committed offset for {p.Topic}:{p.Partition}"),
                _ => long.MaxValue,
            };
            if (p.Next >= p.Stop) p.Finished = true;
        }
    }

    private void Handle(IntPtr message, ISourceOutput output)
    {
        ref readonly var m = ref KafkaNativeConsumer.Message(message);
        if (m.Error != 0 && m.Error != KafkaNativeConsumer.PartitionEof)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_context.Table}': reading {TopicText(m)} [[{m.Partition}]] @{m.Offset} failed: {KafkaNativeConsumer.ErrorText(m)}");
        }
        var p = State(m);
        if (p is null || p.Finished) return;
        var offset = m.Offset;
        if (m.Error == KafkaNativeConsumer.PartitionEof)
        {
            // The end of the log can lie past the last message (transaction markers): it counts as reaching the stop offset.
            if (offset >= p.Stop)
            {
                p.Next = Math.Max(p.Next, p.Stop);
                FinishPartition(p, output);
            }
            return;
        }
        if (offset >= p.Stop)
        {
            p.Next = Math.Max(p.Next, p.Stop);
            FinishPartition(p, output);
            return;
        }
        if (_options.BoundedMode == KafkaBoundedMode.Timestamp && KafkaNativeConsumer.Timestamp(message) >= _options.BoundedTimestampMs)
        {
            // This message is the first not read: a later group-offsets reader starts with it.
            p.Next = offset;
            FinishPartition(p, output);
            return;
        }
        p.Next = offset + 1;
        if (p.SkipBeforeStartTime)
        {
            if (KafkaNativeConsumer.Timestamp(message) < _options.StartupTimestampMs)
            {
                if (p.Next >= p.Stop) FinishPartition(p, output);
                return;
            }
            p.SkipBeforeStartTime = false;
        }
        Decode(m, p, output);
        if (p.Next >= p.Stop) FinishPartition(p, output);
    }

    private void Decode(in KafkaNativeConsumer.RdKafkaMessage m, PartitionState p, ISourceOutput output)
    {
        var hasValue = m.Payload != IntPtr.Zero;
        // A tombstone (null value) is no row, except for raw where it is a NULL column (as in Flink).
        if (!hasValue && !_rawValue) return;
        var row = output.NewRow();
        var location = new MessageLocation(p.Topic, p.Partition, m.Offset);
        if (_keyDecoder is not null)
        {
            var keyColumns = _options.KeyColumns;
            if (m.Key != IntPtr.Zero)
            {
                if (!_keyDecoder.Decode(m.KeyBytes, _keyScratch, location)) return;
                for (var i = 0; i < keyColumns.Length; i++) row[keyColumns[i]] = _keyScratch[i];
            }
        }
        if (!hasValue)
        {
            row[_options.ValueColumns[0]] = null;
        }
        else if (_decodeWholeRow)
        {
            if (!_valueDecoder.Decode(m.Value, row, location)) return;
        }
        else
        {
            if (!_valueDecoder.Decode(m.Value, _valueScratch, location)) return;
            var valueColumns = _valueColumns;
            for (var i = 0; i < valueColumns.Length; i++) row[valueColumns[i]] = _valueScratch[i];
        }
        output.Emit(row, p.Id);
    }

    private PartitionState? State(in KafkaNativeConsumer.RdKafkaMessage m)
    {
        var states = _singleTopic;
        if (_topicNames.Length > 1)
        {
            var name = KafkaNativeConsumer.TopicName(m);
            var t = 0;
            while (t < _topicNames.Length && !name.SequenceEqual(_topicNames[t])) t++;
            states = t < _topicNames.Length ? _byTopic.GetValueOrDefault(_options.Topics[t]) : null;
        }
        return states is not null && (uint)m.Partition < (uint)states.Length ? states[m.Partition] : null;
    }

    private static string TopicText(in KafkaNativeConsumer.RdKafkaMessage m) =>
        m.Topic == IntPtr.Zero ? "Kafka" : Encoding.UTF8.GetString(KafkaNativeConsumer.TopicName(m));

    private void FinishPartition(PartitionState p, ISourceOutput output)
    {
        p.Finished = true;
        _remaining--;
        output.PartitionFinished(p.Id);
        _consumer!.Pause([p.TopicPartition]);
    }

    private SourceStatus Finish()
    {
        if (!_committedAtEnd)
        {
            // A bounded read commits where it ended, so group-offsets readers continue from there.
            _committedAtEnd = true;
            Commit([.. _partitions.Select(p => new TopicPartitionOffset(p.TopicPartition, new Offset(p.Next)))]);
        }
        return SourceStatus.Finished;
    }

    private void Commit(List<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0) return;
        try
        {
            _consumer!.Commit(offsets);
        }
        catch (KafkaException e)
        {
            throw Unavailable($"committing offsets failed: {e.Error.Reason}", e);
        }
    }

    private Dictionary<(string Topic, int Partition), long> ParsePosition(string position)
    {
        var result = new Dictionary<(string, int), long>();
        foreach (var entry in position.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
            {
                throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed, $"table '{_context.Table}': bad Kafka position '{entry}' in the checkpoint");
            }
            result[(parts[0], partition)] = offset;
        }
        return result;
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private BsqlRuntimeException Unavailable(string reason, Exception? inner) =>
        new(RuntimeErrors.ConnectorUnavailable,
            $"table '{_context.Table}': cannot reach Kafka at '{_options.BootstrapServers}' within {_options.ConnectTimeoutMs} ms "
            + $"(set 'properties.socket.timeout.ms' to change the timeout): {reason}", inner);

    private sealed class PartitionState(string topic, int partition)
    {
        public string Topic { get; } = topic;
        public int Partition { get; } = partition;
        public TopicPartition TopicPartition { get; } = new(topic, partition);
        public int Id { get; set; }
        public long Next { get; set; }
        public long Stop { get; set; } = long.MaxValue;
        public bool Finished { get; set; }
        public bool SkipBeforeStartTime { get; set; }
    }

    private readonly record struct MessageLocation(string Topic, int Partition, long Offset)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Topic}/{Partition}@{Offset}");
    }
}
