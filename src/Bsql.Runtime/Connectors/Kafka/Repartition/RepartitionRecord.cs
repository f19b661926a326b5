using System.Buffers;
using System.Buffers.Binary;
using Bsql.Runtime.Formats;
using Bsql.Runtime.State;

namespace Bsql.Runtime.Connectors.Kafka.Repartition;

/// <summary>
/// The records of a repartition topic. Key: the writing subtask's producer index (4 bytes, big-endian:
/// <c>upstream slot × upstream parallelism + subtask</c>). Value: a row (<c>1</c>, its <see cref="RowKind"/>, the values
/// with <see cref="ValueCodec"/>: every runtime type, NULLs included, round-trips exactly) or the writer's watermark
/// (<c>2</c>, 8 bytes little-endian; <c>3</c> when the writer is idle), which each transaction writes once into every partition.
/// </summary>
internal static class RepartitionRecord
{
    public const byte Row = 1;
    public const byte Watermark = 2;
    public const byte IdleWatermark = 3;

    /// <summary>The key of producer <paramref name="index"/>.</summary>
    public static byte[] ProducerKey(int index)
    {
        var key = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(key, index);
        return key;
    }

    /// <summary>The producer index in <paramref name="key"/>, or -1 when it is not a producer key.</summary>
    public static int ProducerOf(byte[]? key) => key is { Length: 4 } ? BinaryPrimitives.ReadInt32BigEndian(key) : -1;

    /// <summary>A watermark record; <paramref name="idle"/>: the writer is idle (readers do not wait for it).</summary>
    public static byte[] WatermarkValue(long watermark, bool idle = false)
    {
        var value = new byte[9];
        value[0] = idle ? IdleWatermark : Watermark;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(1), watermark);
        return value;
    }

    /// <summary>The watermark of a watermark record.</summary>
    public static long ReadWatermark(byte[] value) => BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(1));

    /// <summary>The row and kind of a row record.</summary>
    public static (object?[] Row, RowKind Kind) ReadRow(byte[] value)
    {
        using var reader = new BinaryReader(new MemoryStream(value, 2, value.Length - 2, writable: false));
        return (ValueCodec.ReadRow(reader), (RowKind)value[1]);
    }

    /// <summary>Encodes rows as row records (all columns, any kind).</summary>
    public sealed class Encoder : IRowEncoder
    {
        private readonly MemoryStream _stream = new();
        private readonly BinaryWriter _writer;

        public Encoder() => _writer = new BinaryWriter(_stream);

        /// <inheritdoc />
        public void Encode(object?[] row, RowKind kind, IBufferWriter<byte> output)
        {
            _stream.SetLength(0);
            _writer.Write(Row);
            _writer.Write((byte)kind);
            ValueCodec.WriteRow(_writer, row);
            _writer.Flush();
            output.Write(_stream.GetBuffer().AsSpan(0, (int)_stream.Length));
        }
    }
}
