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
public sealed class KafkaSink : ISink
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
    private readonly List<Message<byte[]?, byte[]?>> _held = [];
    private readonly Message<byte[]?, byte[]?> _message = new();
    private TopicPartition[] _targets = [];
    private TopicPartition _anyPartition = null!;
    private IProducer<byte[]?, byte[]?>? _producer;
    private KafkaNativeProducer? _native;
    private volatile string? _deliveryError;
    private int _partitionCount;
    private int _nextPartition;
    private long? _preparedCheckpoint;
    private bool _inTransaction;

    /// <summary>A sink subtask for <paramref name="context"/>; BSQL4001 on a bad option.</summary>
    public KafkaSink(SinkContext context)
    {
        _context = context;
        _options = KafkaTableOptions.Parse(context.Table, context.Connector, context.Schema);
        if (_options.Topics.Length != 1)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{context.Table}': a Kafka sink writes to one topic, found '{string.Join(';', _options.Topics)}'");
        }
        _topic = _options.Topics[0];
        _valueIsWholeRow = _options.ValueColumns.Length == context.Schema.Count;
        _valueEncoder = context.Formats.CreateEncoder(_options.ValueFormat, KafkaTableOptions.Project(context.Schema, _options.ValueColumns), context.Connector);
        if (_options.KeyFormat is { } keyFormat)
        {
            _keyEncoder = context.Formats.CreateEncoder(keyFormat, KafkaTableOptions.Project(context.Schema, _options.KeyColumns),
                KafkaTableOptions.KeyFormatOptions(context.Connector, keyFormat, _options.ValueFormat));
        }
        _valueScratch = new object?[_options.ValueColumns.Length];
        _keyScratch = new object?[_options.KeyColumns.Length];
        _onDelivery = report =>
        {
            if (report.Error.IsError) _deliveryError ??= $"{report.TopicPartition}: {report.Error.Reason}";
        };
    }

    /// <summary>The transactional id of this subtask (exactly-once only).</summary>
    public string TransactionalId =>
        string.Create(CultureInfo.InvariantCulture, $"{_options.TransactionalIdPrefix ?? "bsql-" + _context.JobId}-{_context.SubtaskIndex}");

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
        var exactlyOnce = _options.DeliveryGuarantee == KafkaDeliveryGuarantee.ExactlyOnce;
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
            _nextPartition = _context.SubtaskIndex % _partitionCount;
            _targets = [.. Enumerable.Range(0, _partitionCount).Select(p => new TopicPartition(_topic, p))];
            _anyPartition = new TopicPartition(_topic, Partition.Any);
            if (exactlyOnce)
            {
                // Fences an older producer with the same id and aborts its open transaction (a crashed run's uncommitted rows).
                _producer.InitTransactions(timeout);
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
            if (kind is RowKind.UpdateBefore or RowKind.Delete) continue;
            // Rows after a prepared (not yet committed) transaction wait for the next one; others go out at once in a reused message.
            var message = _preparedCheckpoint is not null ? new Message<byte[]?, byte[]?>() : _message;
            var keyed = Encode(batch[i], kind);
            message.Value = _buffer.WrittenSpan.ToArray();
            message.Key = keyed ? _keyBuffer.WrittenSpan.ToArray() : null;
            if (_preparedCheckpoint is not null) _held.Add(message);
            else Produce(message, cancellationToken);
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
                _preparedCheckpoint ??= checkpointId;
                return ValueTask.FromResult<string?>(string.Create(CultureInfo.InvariantCulture, $"{TransactionalId}@{checkpointId}"));
            default:
                return ValueTask.FromResult<string?>(null);
        }
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        if (_preparedCheckpoint is { } prepared && prepared <= checkpointId)
        {
            CommitTransaction(cancellationToken);
            _preparedCheckpoint = null;
            foreach (var message in _held) Produce(message, cancellationToken);
            _held.Clear();
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_options.DeliveryGuarantee == KafkaDeliveryGuarantee.ExactlyOnce)
        {
            if (_preparedCheckpoint is not null)
            {
                CommitTransaction(cancellationToken);
                _preparedCheckpoint = null;
                foreach (var message in _held) Produce(message, cancellationToken);
                _held.Clear();
            }
            CommitTransaction(cancellationToken, beginNext: false);
        }
        else
        {
            Flush(cancellationToken);
        }
        return ValueTask.CompletedTask;
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

    private void Produce(Message<byte[]?, byte[]?> message, CancellationToken cancellationToken)
    {
        // Confluent.Kafka copies the message into librdkafka during Produce: the message object may be reused afterwards.
        var target = _options.Partitioner switch
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

    private void CommitTransaction(CancellationToken cancellationToken, bool beginNext = true)
    {
        Flush(cancellationToken);
        try
        {
            _producer!.CommitTransaction(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
            _inTransaction = false;
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

    private void ThrowIfFailed()
    {
        if ((_deliveryError ?? _native?.DeliveryError) is { } error)
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': a message to '{_topic}' was not delivered: {error}");
        }
    }
}
