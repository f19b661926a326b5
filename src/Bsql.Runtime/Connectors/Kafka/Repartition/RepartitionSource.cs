using System.Text;
using System.Text.Json;
using Bsql.Runtime.Execution;
using Confluent.Kafka;

namespace Bsql.Runtime.Connectors.Kafka.Repartition;

/// <summary>
/// The reader of a repartition topic in slot s: reads partition s, and only the records of committed transactions.
/// </summary>
/// <remarks>
/// Committed is decided by the writers' exactly-once markers (<see cref="KafkaTransactionMarkers"/>, in the job's
/// repartition marker topic, which this reader follows too), not by <c>read_committed</c> alone: the marker of a
/// transaction lists the offsets it wrote, so a record is delivered once a marker covers it and skipped once a later
/// marker of its writer covers a later offset (its transaction aborted: every committed transaction writes a watermark
/// record into every partition, so a later one always shows up here). Records are decided in offset order, as a
/// <c>read_committed</c> consumer stops at the first open transaction; this also works on a broker without isolation
/// (the mock). The watermark is the minimum over the writers (every subtask of every upstream slot) of the last
/// watermark each committed; unknown until each has committed once. The position (next offset, marker offsets, the
/// committed runs not yet passed, the writers' watermarks) is the checkpointed state.
/// </remarks>
internal sealed class RepartitionSource : ISource, IWatermarkSource
{
    private const int MaxPending = 200_000;

    private readonly SourceContext _context;
    private readonly KafkaTableOptions _options;
    private readonly string _topic;
    private readonly int _partition;
    private readonly Dictionary<string, int> _writers = new(StringComparer.Ordinal);
    private readonly long[] _watermarks;
    private readonly bool[] _idle;
    private readonly long[] _covered;
    private readonly List<(long First, long Last)>[] _runs;
    // Per writer: the first run not passed yet (runs before it cover offsets below the head record).
    private readonly int[] _runHead;
    private readonly Dictionary<int, long> _markerOffsets = [];
    private readonly Queue<(long Offset, int Writer, byte[] Value)> _pending = new();
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private long _next;
    private bool _paused;

    public RepartitionSource(SourceContext context)
    {
        _context = context;
        _options = KafkaTableOptions.Parse(context.Table, context.Connector, context.PhysicalSchema);
        _topic = _options.Topics[0];
        _partition = context.Slot ?? throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"repartition topic '{_topic}' is read outside a scale-out slot");
        var slots = RepartitionTopics.Slots(context.Connector);
        var writers = RepartitionTopics.Writers(context.Connector);
        for (var s = 0; s < slots; s++)
        {
            for (var i = 0; i < writers; i++) _writers[RepartitionTopics.TransactionalId(_options.TransactionalIdPrefix!, s, i)] = s * writers + i;
        }
        _watermarks = [.. Enumerable.Repeat(long.MinValue, _writers.Count)];
        _idle = new bool[_writers.Count];
        _covered = [.. Enumerable.Repeat(-1L, _writers.Count)];
        _runs = [.. Enumerable.Range(0, _writers.Count).Select(_ => new List<(long, long)>())];
        _runHead = new int[_writers.Count];
    }

    /// <inheritdoc />
    public bool IsBounded => false;

    /// <inheritdoc />
    public long? Watermark { get; private set; }

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        if (_context.RestoredPosition is { } position) Restore(position);
        var config = new ConsumerConfig(_options.ClientProperties.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.TransactionalIdPrefix + "-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        int markerPartitions;
        try
        {
            using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
            var metadata = admin.GetMetadata(_options.MarkerTopic, TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs)).Topics.FirstOrDefault(t => t.Topic == _options.MarkerTopic);
            markerPartitions = metadata is { Error.Code: ErrorCode.NoError } ? metadata.Partitions.Count : 0;
        }
        catch (KafkaException e)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"repartition topic '{_topic}': cannot reach Kafka at '{_options.BootstrapServers}': {e.Error.Reason}", e);
        }
        if (markerPartitions == 0) throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"repartition marker topic '{_options.MarkerTopic}' does not exist on '{_options.BootstrapServers}'");
        var assignment = new List<TopicPartitionOffset> { new(_topic, _partition, _next) };
        for (var p = 0; p < markerPartitions; p++)
        {
            assignment.Add(new TopicPartitionOffset(_options.MarkerTopic, p, _markerOffsets.TryGetValue(p, out var offset) ? offset : Offset.Beginning));
        }
        _consumer.Assign(assignment);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
    {
        var consumer = _consumer!;
        var budget = _context.BatchSize * 4;
        for (var n = 0; n < budget; n++)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(n == 0 ? 50 : 0);
            }
            catch (ConsumeException e)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable, $"repartition topic '{_topic}': reading failed: {e.Error.Reason}", e);
            }
            if (result is null) break;
            if (result.Topic == _topic)
            {
                _pending.Enqueue((result.Offset.Value, RepartitionRecord.ProducerOf(result.Message.Key), result.Message.Value ?? []));
            }
            else
            {
                OnMarker(result.Message.Key, result.Message.Value);
                _markerOffsets[result.Partition.Value] = result.Offset.Value + 1;
            }
        }
        var emitted = Drain((SourceOutput)output);
        // A reader far behind the markers keeps memory bounded: it stops fetching rows (markers still come) until it caught up.
        if (_pending.Count > MaxPending != _paused)
        {
            _paused = !_paused;
            var data = new[] { new TopicPartition(_topic, _partition) };
            if (_paused) consumer.Pause(data);
            else consumer.Resume(data);
        }
        return ValueTask.FromResult(emitted > 0 ? SourceStatus.Active : SourceStatus.Idle);
    }

    /// <inheritdoc />
    public string? SnapshotPosition()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(_next);
            writer.Write(_markerOffsets.Count);
            foreach (var (partition, offset) in _markerOffsets)
            {
                writer.Write(partition);
                writer.Write(offset);
            }
            writer.Write(_watermarks.Length);
            for (var w = 0; w < _watermarks.Length; w++)
            {
                writer.Write(_watermarks[w]);
                writer.Write(_idle[w]);
                writer.Write(_covered[w]);
                var runs = _runs[w].Skip(_runHead[w]).Where(r => r.Last >= _next).ToList();
                writer.Write(runs.Count);
                foreach (var (first, last) in runs)
                {
                    writer.Write(first);
                    writer.Write(last);
                }
            }
        }
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _consumer?.Close();
        _consumer?.Dispose();
        _consumer = null;
        return ValueTask.CompletedTask;
    }

    private void Restore(string position)
    {
        using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(position)));
        if (reader.ReadByte() != 1) throw Bad();
        _next = reader.ReadInt64();
        for (var n = reader.ReadInt32(); n > 0; n--) _markerOffsets[reader.ReadInt32()] = reader.ReadInt64();
        if (reader.ReadInt32() != _watermarks.Length) throw Bad();
        for (var w = 0; w < _watermarks.Length; w++)
        {
            _watermarks[w] = reader.ReadInt64();
            _idle[w] = reader.ReadBoolean();
            _covered[w] = reader.ReadInt64();
            for (var n = reader.ReadInt32(); n > 0; n--) _runs[w].Add((reader.ReadInt64(), reader.ReadInt64()));
        }
        UpdateWatermark();

        BsqlRuntimeException Bad() => new(RuntimeErrors.CheckpointFailed, $"repartition topic '{_topic}': the checkpointed position does not fit this plan");
    }

    /// <summary>Takes the offsets a committed marker lists for this reader's partition.</summary>
    private void OnMarker(byte[]? key, byte[]? value)
    {
        if (key is null || value is null || !_writers.TryGetValue(Encoding.UTF8.GetString(key), out var writer)) return;
        using var json = JsonDocument.Parse(value);
        var root = json.RootElement;
        if (!root.TryGetProperty("topic", out var topic) || topic.GetString() != _topic) return;
        if (!root.TryGetProperty("offsets", out var offsets)
            || !offsets.TryGetProperty(_partition.ToString(System.Globalization.CultureInfo.InvariantCulture), out var runs)) return;
        foreach (var run in runs.EnumerateArray())
        {
            var (first, last) = (run[0].GetInt64(), run[1].GetInt64());
            _runs[writer].Add((first, last));
            if (last > _covered[writer]) _covered[writer] = last;
        }
        // A writer's transactions commit in order, so its runs arrive in order; sorting keeps Committed() right regardless.
        _runs[writer].Sort(_runHead[writer], _runs[writer].Count - _runHead[writer], RunOrder.Instance);
    }

    /// <summary>Delivers or skips the records at the head as far as they are decided; returns the rows emitted.</summary>
    private int Drain(SourceOutput output)
    {
        var emitted = 0;
        while (_pending.TryPeek(out var head))
        {
            if (head.Writer >= 0 && head.Writer < _runs.Length)
            {
                if (Committed(head.Writer, head.Offset))
                {
                    if (head.Value.Length > 0 && head.Value[0] == RepartitionRecord.Row)
                    {
                        var (row, kind) = RepartitionRecord.ReadRow(head.Value);
                        output.Emit(row, kind);
                        emitted++;
                    }
                    else if (head.Value.Length == 9 && head.Value[0] is RepartitionRecord.Watermark or RepartitionRecord.IdleWatermark)
                    {
                        var watermark = RepartitionRecord.ReadWatermark(head.Value);
                        var idle = head.Value[0] == RepartitionRecord.IdleWatermark;
                        if (watermark > _watermarks[head.Writer] || idle != _idle[head.Writer])
                        {
                            _watermarks[head.Writer] = Math.Max(watermark, _watermarks[head.Writer]);
                            _idle[head.Writer] = idle;
                            UpdateWatermark();
                        }
                    }
                }
                // Not covered, and a later offset of the same writer is: its transaction aborted.
                else if (_covered[head.Writer] <= head.Offset)
                {
                    break;
                }
            }
            _pending.Dequeue();
            _next = head.Offset + 1;
        }
        return emitted;
    }

    /// <summary>Whether a marker of <paramref name="writer"/> covers <paramref name="offset"/> (offsets only grow: passed runs are dropped).</summary>
    private bool Committed(int writer, long offset)
    {
        var runs = _runs[writer];
        var head = _runHead[writer];
        while (head < runs.Count && runs[head].Last < offset) head++;
        // A marker may list thousands of runs (writers' records interleave): passed runs are dropped in bulk.
        if (head > 1024 && head * 2 > runs.Count)
        {
            runs.RemoveRange(0, head);
            head = 0;
        }
        _runHead[writer] = head;
        return head < runs.Count && runs[head].First <= offset;
    }

    /// <summary>The minimum over active writers; when every writer is idle, the highest any reached (as a channel subtask does).</summary>
    private void UpdateWatermark()
    {
        var min = long.MaxValue;
        var max = long.MinValue;
        var active = false;
        for (var w = 0; w < _watermarks.Length; w++)
        {
            max = Math.Max(max, _watermarks[w]);
            if (_idle[w]) continue;
            active = true;
            min = Math.Min(min, _watermarks[w]);
        }
        var watermark = active ? min : max;
        // Only forward: an idle writer that comes back behind the others does not move the watermark back.
        if (watermark != long.MinValue && (Watermark is not { } current || watermark > current)) Watermark = watermark;
    }

    private sealed class RunOrder : IComparer<(long First, long Last)>
    {
        public static readonly RunOrder Instance = new();

        public int Compare((long First, long Last) x, (long First, long Last) y) => x.First.CompareTo(y.First);
    }
}
