using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// Reads messages of a Confluent.Kafka consumer straight from librdkafka, many per call
/// (<c>rd_kafka_consume_batch_queue</c>), without the per-message work of <c>IConsumer.Consume</c>: no
/// key/value copies into arrays, no <c>ConsumeResult</c>, one native call per batch. The caller reads each
/// message in place (<see cref="Message"/>) and must hand every message back (<see cref="Destroy"/>).
/// The Confluent.Kafka consumer keeps doing everything else (assignment, commits, callbacks: librdkafka
/// serves them while the queue is read).
/// </summary>
internal sealed unsafe partial class KafkaNativeConsumer : IDisposable
{
    /// <summary><c>RD_KAFKA_RESP_ERR__PARTITION_EOF</c>.</summary>
    public const int PartitionEof = -191;

    private const string Lib = NativeLibrdkafka.SystemLibraryName;

    private readonly SafeHandle _client;
    private IntPtr _queue;

    /// <summary>Reads the queue of <paramref name="consumer"/> (which must outlive this reader).</summary>
    public KafkaNativeConsumer(IConsumer<byte[]?, byte[]?> consumer)
    {
        // Confluent.Kafka 1.9.3 keeps the rd_kafka_t handle internal; the package version is pinned centrally.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic);
        _client = property?.GetValue(consumer.Handle) as SafeHandle
            ?? throw new InvalidOperationException("this Confluent.Kafka version does not expose its librdkafka handle (Handle.LibrdkafkaHandle)");
        var added = false;
        _client.DangerousAddRef(ref added);
        _queue = rd_kafka_queue_get_consumer(_client.DangerousGetHandle());
        if (_queue == IntPtr.Zero)
        {
            _client.DangerousRelease();
            throw new InvalidOperationException("librdkafka has no consumer queue for this client");
        }
    }

    /// <summary>
    /// Fills <paramref name="messages"/> with what is queued, waiting up to <paramref name="timeoutMs"/> only
    /// while nothing is: returns the number of messages (0 on timeout).
    /// </summary>
    public int Poll(IntPtr[] messages, int count, int timeoutMs)
    {
        fixed (IntPtr* buffer = messages)
        {
            // The batch call waits for a full batch until its timeout: wait for one message, then take the rest without waiting.
            var n = (int)rd_kafka_consume_batch_queue(_queue, 0, buffer, (nuint)count);
            if (n != 0 || timeoutMs == 0) return Math.Max(n, 0);
            n = (int)rd_kafka_consume_batch_queue(_queue, timeoutMs, buffer, 1);
            if (n <= 0) return 0;
            if (count > 1) n += Math.Max((int)rd_kafka_consume_batch_queue(_queue, 0, buffer + 1, (nuint)(count - 1)), 0);
            return n;
        }
    }

    /// <summary>The message at <paramref name="message"/> (valid until <see cref="Destroy"/>).</summary>
    public static ref readonly RdKafkaMessage Message(IntPtr message) => ref *(RdKafkaMessage*)message;

    /// <summary>Releases a message returned by <see cref="Poll"/>.</summary>
    public static void Destroy(IntPtr message) => rd_kafka_message_destroy(message);

    /// <summary>The message's timestamp (ms since the epoch, −1 when it has none).</summary>
    public static long Timestamp(IntPtr message) => rd_kafka_message_timestamp(message, out _);

    /// <summary>The name of the message's topic, as UTF-8 bytes (no copy).</summary>
    public static ReadOnlySpan<byte> TopicName(in RdKafkaMessage message) =>
        MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)rd_kafka_topic_name(message.Topic));

    /// <summary>The error text of an error message.</summary>
    public static string ErrorText(in RdKafkaMessage message) =>
        message.Payload != IntPtr.Zero && message.Length > 0
            ? Marshal.PtrToStringUTF8(message.Payload, (int)message.Length)
            : Marshal.PtrToStringUTF8(rd_kafka_err2str(message.Error)) ?? $"error {message.Error}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_queue == IntPtr.Zero) return;
        rd_kafka_queue_destroy(_queue);
        _queue = IntPtr.Zero;
        _client.DangerousRelease();
    }

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_queue_get_consumer(IntPtr client);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_queue_destroy(IntPtr queue);

    [LibraryImport(Lib)]
    private static partial nint rd_kafka_consume_batch_queue(IntPtr queue, int timeoutMs, IntPtr* messages, nuint size);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_message_destroy(IntPtr message);

    [LibraryImport(Lib)]
    private static partial long rd_kafka_message_timestamp(IntPtr message, out int type);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_topic_name(IntPtr topic);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_err2str(int error);

#pragma warning disable CS0649 // written by librdkafka
    /// <summary><c>rd_kafka_message_t</c> (rdkafka.h, stable ABI).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct RdKafkaMessage
    {
        /// <summary>0, an error code, or <see cref="PartitionEof"/>.</summary>
        public readonly int Error;

        /// <summary><c>rd_kafka_topic_t*</c>.</summary>
        public readonly IntPtr Topic;

        /// <summary>The partition.</summary>
        public readonly int Partition;

        /// <summary>The value (NULL for a tombstone), or the error text.</summary>
        public readonly IntPtr Payload;

        /// <summary>Bytes at <see cref="Payload"/>.</summary>
        public readonly nuint Length;

        /// <summary>The key (NULL when none).</summary>
        public readonly IntPtr Key;

        /// <summary>Bytes at <see cref="Key"/>.</summary>
        public readonly nuint KeyLength;

        /// <summary>The message's offset (for an end-of-partition event: the end offset).</summary>
        public readonly long Offset;

        /// <summary>librdkafka's own pointer.</summary>
        public readonly IntPtr Private;

        /// <summary>The value bytes (empty for a tombstone: check <see cref="Payload"/>).</summary>
        public ReadOnlySpan<byte> Value => Payload == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)Payload, checked((int)Length));

        /// <summary>The key bytes (empty when none: check <see cref="Key"/>).</summary>
        public ReadOnlySpan<byte> KeyBytes => Key == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)Key, checked((int)KeyLength));
    }
#pragma warning restore CS0649
}
