using System.Buffers;
using System.Globalization;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;
using Confluent.Kafka;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// One subtask of a <c>kafka</c> sink: encodes each inserted row's value (and key, with <c>key.fields</c>)
/// and produces it to <c>topic</c>. Partitioning (<c>sink.partitioner</c>): <c>default</c> hashes the key
/// (murmur2, as Kafka's Java client) and spreads keyless rows round-robin; <c>round-robin</c> ignores the
/// key; <c>fixed</c> writes subtask i to partition i mod partitions. Delivery (<c>sink.delivery-guarantee</c>):
/// <c>at-least-once</c> flushes at each checkpoint and at the end; <c>exactly-once</c> writes each checkpoint
/// interval in a transaction (transactional id <c>&lt;sink.transactional-id-prefix&gt;-&lt;subtask&gt;</c>) committed
/// when the checkpoint completes (rows written in between are held until then); <c>none</c> only flushes at
/// the end. Update-before and delete rows are not written (Kafka topics here are append-only).
/// </summary>
/// <remarks>
/// Exactly-once is a write-ahead sink: the rows of every checkpoint not yet committed are part of the
/// checkpoint (<see cref="ICheckpointedSink"/>), and each transaction also writes a marker of the checkpoint
/// it commits (<see cref="KafkaTransactionMarkers"/>). librdkafka cannot resume another process's
/// transaction, so after a crash between a checkpoint completing and its commit, the restore finds no
/// committed marker for that checkpoint and writes its rows again, in a new transaction, before anything else.
/// </remarks>
public sealed class KafkaSink : ISink, ICheckpointedSink, IWatermarkSink
{
    private const int FlushSliceMs = 100;

    private readonly SinkContext _context;
    private readonly KafkaTableOptions _options;
    private readonly string _topic;
    private readonly IRowEncoder _valueEncoder;
    private readonly IRowEncoder? _keyEncoder;
    private readonly object?[] _valueScratch;
    private readonly object?[] _keyScratch;
    private readonly bool _valueIsWholeRow;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly ArrayBufferWriter<byte> _keyBuffer = new(256);
    private readonly Action<DeliveryReport<byte[]?, byte[]?>> _onDelivery;
    private readonly bool _exactlyOnce;
    // Exactly-once in a checkpointed job: every row is kept until its checkpoint's transaction committed.
    private readonly bool _writeAhead;
    // Exactly-once: checkpoints prepared but not committed, oldest first, then the rows since the last barrier.
    private readonly List<Epoch> _prepared = [];
    private Epoch _current = new() { Produced = true };
    private readonly Dictionary<int, List<(long First, long Last)>> _written = [];
    // Messages handed to the transactional producer, and delivery reports handled: a marker waits until they match.
    private long _produced;
    private long _reported;
    private KafkaTransactionMarkers? _markers;
    private long _markerScanFrom;
    private long _lastMarkerOffset = -1;
    private long _lastCheckpoint;
    // Restored after a bounded job's final transaction had committed: everything this run writes was written already.
    private bool _discard;
    private readonly Message<byte[]?, byte[]?> _message = new();
    private TopicPartition[] _targets = [];
    private TopicPartition _anyPartition = null!;
    private IProducer<byte[]?, byte[]?>? _producer;
    private KafkaNativeProducer? _native;
    private volatile string? _deliveryError;
    private int _partitionCount;
    private int _nextPartition;
    private bool _inTransaction;
    // The writer of a scaled-out job's repartition topic (see Repartition/): null for a table sink.
    private readonly Repartition.RepartitionWriter? _repartition;
    private long _watermark = long.MinValue;
    private bool _idle;

    /// <summary>A sink subtask for <paramref name="context"/>; BSQL4001 on a bad option.</summary>
    public KafkaSink(SinkContext context)
        : this(context, null)
    {
    }

    /// <summary>A sink subtask; with <paramref name="repartition"/>, the writer of a repartition topic (rows of every kind, partition by key, watermark records).</summary>
    internal KafkaSink(SinkContext context, Repartition.RepartitionWriter? repartition)
    {
        _context = context;
        _repartition = repartition;
        _options = KafkaTableOptions.Parse(context.Table, context.Connector, context.Schema);
        if (_options.Topics.Length != 1)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{context.Table}': a Kafka sink writes to one topic, found '{string.Join(';', _options.Topics)}'");
        }
        _topic = _options.Topics[0];
        _valueIsWholeRow = _options.ValueColumns.Length == context.Schema.Count;
        _valueEncoder = repartition?.Encoder ?? context.Formats.CreateEncoder(_options.ValueFormat, KafkaTableOptions.Project(context.Schema, _options.ValueColumns), context.Connector);
        if (_options.KeyFormat is { } keyFormat)
        {
            _keyEncoder = context.Formats.CreateEncoder(keyFormat, KafkaTableOptions.Project(context.Schema, _options.KeyColumns),
                KafkaTableOptions.KeyFormatOptions(context.Connector, keyFormat, _options.ValueFormat));
        }
        _valueScratch = new object?[_options.ValueColumns.Length];
        _keyScratch = new object?[_options.KeyColumns.Length];
        _exactlyOnce = _options.DeliveryGuarantee == KafkaDeliveryGuarantee.ExactlyOnce;
        _writeAhead = _exactlyOnce && context.Checkpointing;
        _onDelivery = report =>
        {
            if (report.Error.IsError) _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
        };
        if (_exactlyOnce)
        {
            // The marker of each transaction records the offsets its rows got (an audit trail; tests read committed
            // output through it on a broker without read_committed isolation).
            _onDelivery = report =>
            {
                if (report.Error.IsError)
                {
                    _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
                    Interlocked.Increment(ref _reported);
                    return;
                }
                var offset = report.Offset.Value;
                lock (_written)
                {
                    // Reports may be served by two threads (Flush and the client's poll thread), so out of order:
                    // runs are sorted and merged when the marker is written.
                    if (!_written.TryGetValue(report.Partition.Value, out var runs)) _written[report.Partition.Value] = runs = [];
                    if (runs.Count > 0 && runs[^1].Last == offset - 1) runs[^1] = (runs[^1].First, offset);
                    else runs.Add((offset, offset));
                }
                Interlocked.Increment(ref _reported);
            };
        }
    }

    /// <summary>The transactional id of this subtask (exactly-once only): <c>&lt;prefix&gt;[-s&lt;slot&gt;]-&lt;subtask&gt;</c>.</summary>
    public string TransactionalId => _context.Slot is { } slot
        ? string.Create(CultureInfo.InvariantCulture, $"{_options.TransactionalIdPrefix ?? "bsql-" + _context.JobId}-s{slot}-{_context.SubtaskIndex}")
        : string.Create(CultureInfo.InvariantCulture, $"{_options.TransactionalIdPrefix ?? "bsql-" + _context.JobId}-{_context.SubtaskIndex}");

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        NativeLibrdkafka.EnsureLoaded();
        var config = new ProducerConfig(_options.ClientProperties.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _options.BootstrapServers,
        };
        if (!_options.ClientProperties.ContainsKey("partitioner")) config.Partitioner = Confluent.Kafka.Partitioner.Murmur2Random;
        if (!_options.ClientProperties.ContainsKey("linger.ms")) config.LingerMs = 5;
        // Delivery reports are only read for their error: do not copy keys and values back into them.
        config.Set("dotnet.producer.delivery.report.fields", "none");
        var exactlyOnce = _exactlyOnce;
        if (exactlyOnce)
        {
            config.TransactionalId = TransactionalId;
            config.EnableIdempotence = true;
        }
        else
        {
            // Without transactions, librdkafka is driven directly: no handler nor delivery report per message.
            OpenNative(config);
            return ValueTask.CompletedTask;
        }
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        var timeout = TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs);
        try
        {
            // Asking for the topic's metadata as a producer also creates it where the cluster auto-creates topics.
            using (var admin = new DependentAdminClientBuilder(_producer.Handle).Build())
            {
                var topic = admin.GetMetadata(_topic, timeout).Topics.FirstOrDefault(t => t.Topic == _topic);
                _partitionCount = topic is { Error.Code: ErrorCode.NoError } ? topic.Partitions.Count : 0;
                if (_partitionCount == 0)
                {
                    throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                        $"table '{_context.Table}': topic '{_topic}' does not exist on '{_options.BootstrapServers}' ({topic?.Error.Reason ?? "no metadata"})");
                }
            }
            if (_repartition is { } repartition && repartition.Slots != _partitionCount)
            {
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"repartition topic '{_topic}' has {_partitionCount} partitions, but the job has {repartition.Slots} slots: recreate it with {repartition.Slots} partitions");
            }
            _nextPartition = _context.SubtaskIndex % _partitionCount;
            _targets = [.. Enumerable.Range(0, _partitionCount).Select(p => new TopicPartition(_topic, p))];
            _anyPartition = new TopicPartition(_topic, Partition.Any);
            if (exactlyOnce)
            {
                _markers = new KafkaTransactionMarkers(_options, TransactionalId);
                using (var admin = new DependentAdminClientBuilder(_producer.Handle).Build()) _markers.Resolve(admin, timeout);
                // Fences an older producer with the same id and settles its last transaction (a crashed run's
                // uncommitted rows are aborted); only then do the committed markers tell what that run committed.
                _producer.InitTransactions(timeout);
                var deadline = new Deadline(TimeProvider.System, _options.ConnectTimeoutMs);
                (_, _, _markerScanFrom) = _markers.LastCommitted(_markers.Partition, long.MaxValue, deadline);
                _producer.BeginTransaction();
                _inTransaction = true;
            }
        }
        catch (KafkaException e)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_context.Table}': cannot reach Kafka at '{_options.BootstrapServers}' within {_options.ConnectTimeoutMs} ms "
                + $"(set 'properties.socket.timeout.ms' to change the timeout): {e.Error.Reason}", e);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        if (_discard) return ValueTask.CompletedTask;
        if (_native is { } native)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var kind = batch.KindAt(i);
                if (kind is RowKind.UpdateBefore or RowKind.Delete) continue;
                var hasKey = Encode(batch[i], kind);
                ProduceNative(native, hasKey, cancellationToken);
            }
            native.Poll(0);
            return ValueTask.CompletedTask;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var kind = batch.KindAt(i);
            // A repartition topic carries the changelog as it is; a table topic is append-only.
            if (_repartition is null && kind is RowKind.UpdateBefore or RowKind.Delete) continue;
            var keyed = Encode(batch[i], kind);
            // Write-ahead keeps every row until its checkpoint's transaction committed: a message of its own then.
            var message = _writeAhead ? new Message<byte[]?, byte[]?>() : _message;
            message.Value = _buffer.WrittenSpan.ToArray();
            message.Key = _repartition?.ProducerKey ?? (keyed ? _keyBuffer.WrittenSpan.ToArray() : null);
            var partition = _repartition?.PartitionOf(batch[i]) ?? -1;
            if (_writeAhead)
            {
                _current.Messages.Add(new Held(message, partition));
                // Rows after a prepared (not yet committed) checkpoint wait for its commit.
                if (!_current.Produced) continue;
            }
            Produce(message, partition, cancellationToken);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        switch (_options.DeliveryGuarantee)
        {
            case KafkaDeliveryGuarantee.AtLeastOnce:
                Flush(cancellationToken);
                return ValueTask.FromResult<string?>(null);
            case KafkaDeliveryGuarantee.ExactlyOnce:
                Flush(cancellationToken);
                _current.Checkpoint = checkpointId;
                _current.Watermark = _watermark;
                _current.Idle = _idle;
                _prepared.Add(_current);
                _current = new Epoch();
                _lastCheckpoint = checkpointId;
                return ValueTask.FromResult<string?>(string.Create(CultureInfo.InvariantCulture, $"{TransactionalId}@{checkpointId}"));
            default:
                return ValueTask.FromResult<string?>(null);
        }
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        if (!_exactlyOnce) return ValueTask.CompletedTask;
        var due = 0;
        while (due < _prepared.Count && _prepared[due].Checkpoint <= checkpointId) due++;
        if (due == 0) return ValueTask.CompletedTask;
        for (var i = 0; i < due; i++) ProduceHeld(_prepared[i], cancellationToken);
        CommitTransaction(_prepared[due - 1].Checkpoint, _prepared[due - 1].Watermark, _prepared[due - 1].Idle, cancellationToken);
        _prepared.RemoveRange(0, due);
        // The oldest uncommitted rows go into the new transaction; the newest only once nothing older waits.
        ProduceHeld(_prepared.Count > 0 ? _prepared[0] : _current, cancellationToken);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_exactlyOnce)
        {
            foreach (var epoch in _prepared) ProduceHeld(epoch, cancellationToken);
            ProduceHeld(_current, cancellationToken);
            CommitTransaction(_lastCheckpoint, long.MaxValue, idle: false, cancellationToken, beginNext: false, final: true);
            _prepared.Clear();
            _current = new Epoch { Produced = true };
        }
        else
        {
            Flush(cancellationToken);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void SnapshotState(BinaryWriter writer)
    {
        if (!_exactlyOnce) return;
        writer.Write((byte)2);
        writer.Write(_markers!.Partition);
        // Markers of the checkpoints below are after this sink's last committed marker.
        writer.Write(_lastMarkerOffset >= 0 ? _lastMarkerOffset : _markerScanFrom);
        writer.Write(_lastCheckpoint);
        writer.Write(_discard);
        writer.Write(_prepared.Count);
        foreach (var epoch in _prepared)
        {
            writer.Write(epoch.Checkpoint);
            writer.Write(epoch.Watermark);
            writer.Write(epoch.Idle);
            writer.Write(epoch.Messages.Count);
            foreach (var (message, target) in epoch.Messages)
            {
                writer.Write(target);
                WriteBytes(writer, message.Key);
                WriteBytes(writer, message.Value);
            }
        }
    }

    /// <inheritdoc />
    public void RestoreState(BinaryReader reader)
    {
        if (!_exactlyOnce) return;
        // Version 1 (before repartition topics) had no watermark nor target partition per message.
        var version = reader.ReadByte();
        if (version is not (1 or 2)) throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed, $"table '{_context.Table}': unknown Kafka sink state in the checkpoint");
        var partition = reader.ReadInt32();
        var scanFrom = reader.ReadInt64();
        var checkpoint = reader.ReadInt64();
        var discarding = reader.ReadBoolean();
        var restored = new List<Epoch>();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var epoch = new Epoch { Checkpoint = reader.ReadInt64() };
            if (version >= 2)
            {
                epoch.Watermark = reader.ReadInt64();
                epoch.Idle = reader.ReadBoolean();
            }
            for (var m = reader.ReadInt32(); m > 0; m--)
            {
                var target = version >= 2 ? reader.ReadInt32() : -1;
                epoch.Messages.Add(new Held(new Message<byte[]?, byte[]?> { Key = ReadBytes(reader), Value = ReadBytes(reader) }, target));
            }
            restored.Add(epoch);
        }
        long committed;
        bool final;
        try
        {
            (committed, final, _) = _markers!.LastCommitted(partition, scanFrom, new Deadline(TimeProvider.System, _options.ConnectTimeoutMs));
        }
        catch (KafkaException e)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_context.Table}': reading the exactly-once markers in '{_markers!.Topic}' failed: {e.Error.Reason}", e);
        }
        _lastCheckpoint = Math.Max(_lastCheckpoint, checkpoint);
        if (discarding || (final && committed >= checkpoint))
        {
            // The job had finished (its final transaction committed everything after this checkpoint) and died before
            // it removed its checkpoints: the replay from here would write those rows a second time.
            _discard = true;
            return;
        }
        // The restored checkpoints whose transaction did not commit before the crash are written again, first.
        var lost = restored.Where(e => e.Checkpoint > committed).ToList();
        if (lost.Count == 0) return;
        foreach (var epoch in lost) ProduceHeld(epoch, CancellationToken.None);
        CommitTransaction(lost[^1].Checkpoint, lost[^1].Watermark, lost[^1].Idle, CancellationToken.None);
        _lastCheckpoint = Math.Max(_lastCheckpoint, lost[^1].Checkpoint);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_producer is not null)
        {
            if (_inTransaction)
            {
                try
                {
                    _producer.AbortTransaction(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
                }
                catch (KafkaException)
                {
                    // The broker aborts it at transaction.timeout.ms, or the next InitTransactions with this id does.
                }
            }
            _producer.Dispose();
            _producer = null;
        }
        _native?.Dispose();
        _native = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>Encodes the value into <c>_buffer</c> and, with <c>key.fields</c>, the key into <c>_keyBuffer</c>; true when there is a key.</summary>
    private bool Encode(object?[] row, RowKind kind)
    {
        _buffer.ResetWrittenCount();
        if (_valueIsWholeRow)
        {
            _valueEncoder.Encode(row, kind, _buffer);
        }
        else
        {
            for (var c = 0; c < _valueScratch.Length; c++) _valueScratch[c] = row[_options.ValueColumns[c]];
            _valueEncoder.Encode(_valueScratch, kind, _buffer);
        }
        if (_keyEncoder is null) return false;
        for (var c = 0; c < _keyScratch.Length; c++) _keyScratch[c] = row[_options.KeyColumns[c]];
        _keyBuffer.ResetWrittenCount();
        _keyEncoder.Encode(_keyScratch, kind, _keyBuffer);
        return true;
    }

    private void OpenNative(ProducerConfig config)
    {
        _native = new KafkaNativeProducer(config, _topic);
        try
        {
            // Asking for the topic's metadata as a producer also creates it where the cluster auto-creates topics.
            _partitionCount = _native.PartitionCount(_options.ConnectTimeoutMs);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_context.Table}': cannot reach Kafka at '{_options.BootstrapServers}' within {_options.ConnectTimeoutMs} ms "
                + $"(set 'properties.socket.timeout.ms' to change the timeout): {e.Message}", e);
        }
        if (_partitionCount == 0)
        {
            throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                $"table '{_context.Table}': topic '{_topic}' does not exist on '{_options.BootstrapServers}'");
        }
        _nextPartition = _context.SubtaskIndex % _partitionCount;
    }

    private void ProduceNative(KafkaNativeProducer native, bool hasKey, CancellationToken cancellationToken)
    {
        var partition = _options.Partitioner switch
        {
            "fixed" => _context.SubtaskIndex % _partitionCount,
            "round-robin" => NextPartitionIndex(),
            _ => hasKey ? KafkaNativeProducer.AnyPartition : NextPartitionIndex(),
        };
        while (true)
        {
            var error = native.Produce(partition, _buffer.WrittenSpan, _keyBuffer.WrittenSpan, hasKey);
            if (error == 0) return;
            if (error != KafkaNativeProducer.QueueFull)
            {
                throw new BsqlRuntimeException(RuntimeErrors.SinkFailed,
                    $"table '{_context.Table}': producing to '{_topic}' failed: {KafkaNativeProducer.ErrorText(error)}");
            }
            // Backpressure: serve delivery reports until the local queue has room.
            cancellationToken.ThrowIfCancellationRequested();
            native.Poll(FlushSliceMs);
            ThrowIfFailed();
        }
    }

    private int NextPartitionIndex()
    {
        var p = _nextPartition;
        _nextPartition = (p + 1) % _partitionCount;
        return p;
    }

    /// <summary>Produces <paramref name="message"/> to <paramref name="partition"/>, or where the partitioner says when it is -1.</summary>
    private void Produce(Message<byte[]?, byte[]?> message, int partition, CancellationToken cancellationToken)
    {
        // Confluent.Kafka copies the message into librdkafka during Produce: the message object may be reused afterwards.
        var target = partition >= 0 ? _targets[partition] : _options.Partitioner switch
        {
            "fixed" => _targets[_context.SubtaskIndex % _partitionCount],
            "round-robin" => NextPartition(),
            _ => message.Key is null ? NextPartition() : _anyPartition,
        };
        while (true)
        {
            try
            {
                _producer!.Produce(target, message, _onDelivery);
                _produced++;
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Backpressure: serve delivery reports until the local queue has room.
                cancellationToken.ThrowIfCancellationRequested();
                _producer!.Poll(TimeSpan.FromMilliseconds(FlushSliceMs));
                ThrowIfFailed();
            }
            catch (KafkaException e)
            {
                throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': producing to '{_topic}' failed: {e.Error.Reason}", e);
            }
        }
    }

    private TopicPartition NextPartition() => _targets[NextPartitionIndex()];

    private void Flush(CancellationToken cancellationToken)
    {
        if (_native is { } native)
        {
            while (!native.Flush(FlushSliceMs))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ThrowIfFailed();
            }
            ThrowIfFailed();
            return;
        }
        while (_producer!.Flush(TimeSpan.FromMilliseconds(FlushSliceMs)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfFailed();
        }
        ThrowIfFailed();
    }

    /// <summary>Produces an epoch's held rows into the open transaction; from then on its rows are written as they come.</summary>
    private void ProduceHeld(Epoch epoch, CancellationToken cancellationToken)
    {
        if (epoch.Produced) return;
        epoch.Produced = true;
        foreach (var (message, partition) in epoch.Messages) Produce(message, partition, cancellationToken);
    }

    /// <summary>Writes the marker of <paramref name="checkpoint"/> into the open transaction, commits it and (unless at the end) begins the next.</summary>
    /// <remarks>
    /// A repartition writer first writes <paramref name="watermark"/> and <paramref name="idle"/> (as they were when the checkpoint's
    /// barrier came) into every partition: readers learn every writer's watermark, and every committed transaction has a
    /// record in every partition.
    /// </remarks>
    private void CommitTransaction(long checkpoint, long watermark, bool idle, CancellationToken cancellationToken, bool beginNext = true, bool final = false)
    {
        if (_repartition is { } repartition)
        {
            var value = Repartition.RepartitionRecord.WatermarkValue(watermark, idle);
            for (var p = 0; p < _partitionCount; p++) Produce(new Message<byte[]?, byte[]?> { Key = repartition.ProducerKey, Value = value }, p, cancellationToken);
        }
        Flush(cancellationToken);
        // Flush returns once librdkafka handed out every delivery report, but a report may still be in its handler on
        // the client's poll thread: the marker lists the offsets of every row only once every handler has run.
        while (Interlocked.Read(ref _reported) < _produced)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfFailed();
            Thread.Yield();
        }
        Message<byte[]?, byte[]?> marker;
        lock (_written)
        {
            marker = _markers!.Create(checkpoint, _topic, _written, final);
            _written.Clear();
        }
        var markerOffset = -1L;
        try
        {
            _producer!.Produce(new TopicPartition(_markers.Topic, new Partition(_markers.Partition)), marker, report =>
            {
                if (report.Error.IsError) _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
                else Interlocked.Exchange(ref markerOffset, report.Offset.Value);
            });
        }
        catch (KafkaException e)
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': writing the transaction marker to '{_markers.Topic}' failed: {e.Error.Reason}", e);
        }
        Flush(cancellationToken);
        CrashHook.At("before-kafka-commit");
        try
        {
            _producer!.CommitTransaction(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
            _inTransaction = false;
            _lastMarkerOffset = Interlocked.Read(ref markerOffset);
            if (beginNext)
            {
                _producer.BeginTransaction();
                _inTransaction = true;
            }
        }
        catch (KafkaException e)
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': committing the Kafka transaction {TransactionalId} failed: {e.Error.Reason}", e);
        }
    }

    /// <inheritdoc />
    void IWatermarkSink.OnWatermark(long watermark)
    {
        if (watermark > _watermark) _watermark = watermark;
    }

    /// <inheritdoc />
    void IWatermarkSink.OnIdle(bool idle) => _idle = idle;

    /// <summary>A row kept for its transaction, with its target partition (-1: the partitioner's choice).</summary>
    private readonly record struct Held(Message<byte[]?, byte[]?> Message, int Partition);

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null) writer.Write(bytes);
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }

    private void ThrowIfFailed()
    {
        if ((_deliveryError ?? _native?.DeliveryError) is { } error)
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': a message to '{_topic}' was not delivered: {error}");
        }
    }

    /// <summary>The rows of one checkpoint interval (exactly-once), kept until its transaction committed.</summary>
    private sealed class Epoch
    {
        /// <summary>The checkpoint whose barrier ended the interval (0 while it is open).</summary>
        public long Checkpoint { get; set; }

        public List<Held> Messages { get; } = [];

        /// <summary>The sink's watermark when the barrier came (written to repartition topics at commit).</summary>
        public long Watermark { get; set; } = long.MinValue;

        /// <summary>Whether the sink's subtask was idle when the barrier came.</summary>
        public bool Idle { get; set; }

        /// <summary>The rows are in the open transaction (and later rows are produced as they come).</summary>
        public bool Produced { get; set; }
    }
}
