using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// A librdkafka producer driven directly, for the sink's non-transactional modes: messages are copied into
/// librdkafka straight from the sink's encode buffers (<c>rd_kafka_produce</c> with <c>RD_KAFKA_MSG_F_COPY</c>), and
/// only failed deliveries come back (<c>delivery.report.only.error</c>, a native <c>dr_msg_cb</c> that keeps the first
/// error). Confluent.Kafka's producer allocates a handler and a delivery report per message and cannot drop the
/// successful ones without also dropping the failures.
/// </summary>
internal sealed unsafe partial class KafkaNativeProducer : IDisposable
{
    /// <summary><c>RD_KAFKA_RESP_ERR__QUEUE_FULL</c>.</summary>
    public const int QueueFull = -184;

    /// <summary><c>RD_KAFKA_PARTITION_UA</c>: let librdkafka's partitioner choose.</summary>
    public const int AnyPartition = -1;

    private const string Lib = NativeLibrdkafka.SystemLibraryName;
    private const int ProducerType = 0;
    private const int MsgFlagCopy = 2;
    private const int ConfOk = 0;
    private static readonly byte* Empty = (byte*)NativeMemory.AllocZeroed(1);

    private readonly string _topicName;
    private GCHandle _self;
    private IntPtr _client;
    private IntPtr _topic;
    private volatile string? _error;

    /// <summary>A producer with <paramref name="config"/> (librdkafka properties; <c>dotnet.*</c> keys are ignored) writing to <paramref name="topic"/>.</summary>
    /// <exception cref="ArgumentException">librdkafka rejected a property or the configuration.</exception>
    public KafkaNativeProducer(IEnumerable<KeyValuePair<string, string>> config, string topic)
    {
        _topicName = topic;
        var conf = rd_kafka_conf_new();
        var errors = new byte[512];
        try
        {
            var onlyErrors = true;
            foreach (var (key, value) in config)
            {
                if (key.StartsWith("dotnet.", StringComparison.Ordinal)) continue;
                if (key == "delivery.report.only.error") onlyErrors = false;
                Set(conf, key, value, errors);
            }
            if (onlyErrors) Set(conf, "delivery.report.only.error", "true", errors);
            rd_kafka_conf_set_dr_msg_cb(conf, &OnDelivery);
            rd_kafka_conf_set_log_cb(conf, &OnLog);
            _self = GCHandle.Alloc(this);
            rd_kafka_conf_set_opaque(conf, GCHandle.ToIntPtr(_self));
            fixed (byte* e = errors) _client = rd_kafka_new(ProducerType, conf, e, (nuint)errors.Length);
            if (_client == IntPtr.Zero) throw new ArgumentException("creating the Kafka producer failed: " + Text(errors));
            conf = IntPtr.Zero; // owned by the client now
            _topic = rd_kafka_topic_new(_client, topic, IntPtr.Zero);
            if (_topic == IntPtr.Zero) throw new ArgumentException($"topic '{topic}': {Marshal.PtrToStringUTF8(rd_kafka_err2str(rd_kafka_last_error()))}");
        }
        catch
        {
            if (conf != IntPtr.Zero) rd_kafka_conf_destroy(conf);
            Dispose();
            throw;
        }
    }

    /// <summary>The first failed delivery (<c>topic [partition]: reason</c>), or null.</summary>
    public string? DeliveryError => _error;

    /// <summary>
    /// The topic's partition count from the cluster's metadata (asking for it also creates the topic where the
    /// cluster creates topics on demand); 0 when the topic does not exist. Throws <see cref="TimeoutException"/> or
    /// <see cref="InvalidOperationException"/> when the metadata cannot be had.
    /// </summary>
    public int PartitionCount(int timeoutMs)
    {
        IntPtr metadata;
        var error = rd_kafka_metadata(_client, 0, _topic, &metadata, timeoutMs);
        if (error != 0)
        {
            var reason = Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";
            throw error == -185 ? new TimeoutException(reason) : new InvalidOperationException(reason);
        }
        try
        {
            var md = (Metadata*)metadata;
            for (var i = 0; i < md->TopicCount; i++)
            {
                var t = md->Topics + i;
                if (Marshal.PtrToStringUTF8(t->Name) == _topicName) return t->Error == 0 ? t->PartitionCount : 0;
            }
            return 0;
        }
        finally
        {
            rd_kafka_metadata_destroy(metadata);
        }
    }

    /// <summary>
    /// Queues a message (value and key are copied); <paramref name="hasKey"/> false writes a null key. Returns 0,
    /// or the error code (<see cref="QueueFull"/>: poll and try again).
    /// </summary>
    public int Produce(int partition, ReadOnlySpan<byte> value, ReadOnlySpan<byte> key, bool hasKey)
    {
        fixed (byte* v = value)
        fixed (byte* k = key)
        {
            // An empty value or key is not a null one: give librdkafka a non-null pointer.
            var valuePointer = v == null ? Empty : v;
            var keyPointer = hasKey ? (k == null ? Empty : k) : null;
            if (rd_kafka_produce(_topic, partition, MsgFlagCopy, valuePointer, (nuint)value.Length, keyPointer, hasKey ? (nuint)key.Length : 0, IntPtr.Zero) == 0)
            {
                return 0;
            }
            return rd_kafka_last_error();
        }
    }

    /// <summary>Serves delivery reports (failures only) for up to <paramref name="timeoutMs"/>.</summary>
    public void Poll(int timeoutMs) => rd_kafka_poll(_client, timeoutMs);

    /// <summary>Waits up to <paramref name="timeoutMs"/> for every queued message to be delivered or failed; true when none is left.</summary>
    public bool Flush(int timeoutMs) => rd_kafka_flush(_client, timeoutMs) == 0;

    /// <summary>The text of error code <paramref name="error"/>.</summary>
    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_topic != IntPtr.Zero)
        {
            rd_kafka_topic_destroy(_topic);
            _topic = IntPtr.Zero;
        }
        if (_client != IntPtr.Zero)
        {
            rd_kafka_destroy(_client);
            _client = IntPtr.Zero;
        }
        // After the client is gone no callback can come: the handle the callbacks resolve may go.
        if (_self.IsAllocated) _self.Free();
    }

    private static void Set(IntPtr conf, string key, string value, byte[] errors)
    {
        fixed (byte* e = errors)
        {
            if (rd_kafka_conf_set(conf, key, value, e, (nuint)errors.Length) != ConfOk)
            {
                throw new ArgumentException($"Kafka producer property '{key}': {Text(errors)}");
            }
        }
    }

    private static string Text(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDelivery(IntPtr client, IntPtr message, IntPtr opaque)
    {
        try
        {
            ref readonly var m = ref KafkaNativeConsumer.Message(message);
            if (m.Error == 0 || opaque == IntPtr.Zero) return;
            if (GCHandle.FromIntPtr(opaque).Target is KafkaNativeProducer self)
            {
                self._error ??= $"{self._topicName} [{m.Partition}]: {ErrorText(m.Error)}";
            }
        }
        catch (Exception)
        {
            // Nothing may unwind into librdkafka.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(IntPtr client, int level, IntPtr facility, IntPtr text)
    {
        // Client logs are not shown (as with the Confluent.Kafka clients, whose log handler discards them).
    }

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Lib)]
    private static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte* errors, nuint errorsSize);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_conf_set_dr_msg_cb(IntPtr conf, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void> callback);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_conf_set_log_cb(IntPtr conf, delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, IntPtr, void> callback);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_conf_set_opaque(IntPtr conf, IntPtr opaque);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte* errors, nuint errorsSize);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_destroy(IntPtr client);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr rd_kafka_topic_new(IntPtr client, string topic, IntPtr conf);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_topic_destroy(IntPtr topic);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_produce(IntPtr topic, int partition, int flags, byte* payload, nuint length, byte* key, nuint keyLength, IntPtr opaque);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_last_error();

    [LibraryImport(Lib)]
    private static partial int rd_kafka_poll(IntPtr client, int timeoutMs);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_flush(IntPtr client, int timeoutMs);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_metadata(IntPtr client, int allTopics, IntPtr onlyTopic, IntPtr* metadata, int timeoutMs);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_metadata_destroy(IntPtr metadata);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_err2str(int error);

#pragma warning disable CS0649 // written by librdkafka
    /// <summary><c>rd_kafka_metadata_t</c> (rdkafka.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Metadata
    {
        public readonly int BrokerCount;
        public readonly IntPtr Brokers;
        public readonly int TopicCount;
        public readonly TopicMetadata* Topics;
        public readonly int OriginatingBrokerId;
        public readonly IntPtr OriginatingBrokerName;
    }

    /// <summary><c>rd_kafka_metadata_topic_t</c> (rdkafka.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TopicMetadata
    {
        public readonly IntPtr Name;
        public readonly int PartitionCount;
        public readonly IntPtr Partitions;
        public readonly int Error;
    }
#pragma warning restore CS0649
}
