using System.Buffers.Binary;
using System.Text;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Encodes and decodes the record <c>time, seq, row</c> of a left-row segment (<see cref="SegmentFile"/>) into and from
/// byte arrays, byte for byte what <see cref="BinaryWriter"/> and <see cref="ValueCodec.WriteRow"/> write, so that rows
/// buffered as bytes in memory go to a segment (or a checkpoint) as they are and come back with <see cref="ValueCodec"/>.
/// The common values (NULL, booleans, BIGINT, INT, DOUBLE, strings, timestamps) are encoded and decoded here without a
/// stream; any other value goes through <see cref="ValueCodec"/>.
/// </summary>
internal sealed class RowRecordCodec
{
    private const byte TagNull = 0, TagFalse = 1, TagTrue = 2, TagLong = 3, TagInt = 4, TagDouble = 7, TagString = 10, TagDateTime = 12;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private byte[] _buffer = new byte[256];
    private MemoryStream? _fallback;
    private BinaryWriter? _fallbackWriter;

    /// <summary>The record last encoded by <see cref="Encode"/> (valid until the next call).</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, EncodedLength);

    /// <summary>Length of the record last encoded.</summary>
    public int EncodedLength { get; private set; }

    /// <summary>Encodes the record <c>time, seq, row</c>; read it from <see cref="Encoded"/>.</summary>
    public void Encode(long time, long seq, object?[] row) => EncodeRecord(time, seq, row, framed: false);

    /// <summary>
    /// Encodes the framed record <c>time, key hash, length, row</c> of a right-row segment (<see cref="SegmentFile.ScanFramed"/>);
    /// read it from <see cref="Encoded"/>. The row starts at <see cref="FramedHeader"/>.
    /// </summary>
    public void EncodeFramed(long time, ulong hash, object?[] row) => EncodeRecord(time, (long)hash, row, framed: true);

    /// <summary>Bytes before the row in a framed record.</summary>
    public const int FramedHeader = 20;

    private void EncodeRecord(long time, long seq, object?[] row, bool framed)
    {
        var header = framed ? FramedHeader : 16;
        var max = header + 4;
        foreach (var value in row)
        {
            switch (value)
            {
                case null or bool: max += 1; break;
                case long or int or double or DateTime: max += 9; break;
                case string s: max += 6 + Utf8.GetMaxByteCount(s.Length); break;
                default:
                    EncodeWithValueCodec(time, seq, row, framed);
                    return;
            }
        }
        if (_buffer.Length < max) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        var span = _buffer.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, time);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], seq);
        BinaryPrimitives.WriteInt32LittleEndian(span[header..], row.Length);
        var pos = header + 4;
        foreach (var value in row)
        {
            switch (value)
            {
                case null: span[pos++] = TagNull; break;
                case bool b: span[pos++] = b ? TagTrue : TagFalse; break;
                case long l:
                    span[pos] = TagLong;
                    BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 1)..], l);
                    pos += 9;
                    break;
                case int i:
                    span[pos] = TagInt;
                    BinaryPrimitives.WriteInt32LittleEndian(span[(pos + 1)..], i);
                    pos += 5;
                    break;
                case double d:
                    span[pos] = TagDouble;
                    BinaryPrimitives.WriteDoubleLittleEndian(span[(pos + 1)..], d);
                    pos += 9;
                    break;
                case DateTime dt:
                    span[pos] = TagDateTime;
                    BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 1)..], dt.ToBinary());
                    pos += 9;
                    break;
                default:
                {
                    var s = (string)value;
                    span[pos++] = TagString;
                    // Leave room for the longest 7-bit length prefix, then move the bytes if it was shorter.
                    var length = Utf8.GetBytes(s, span[(pos + 5)..]);
                    var prefix = Write7BitLength(span[pos..], length);
                    if (prefix != 5) span.Slice(pos + 5, length).CopyTo(span[(pos + prefix)..]);
                    pos += prefix + length;
                    break;
                }
            }
        }
        if (framed) BinaryPrimitives.WriteInt32LittleEndian(span[16..], pos - FramedHeader);
        EncodedLength = pos;
    }

    /// <summary>
    /// Decodes the row of the record at <paramref name="offset"/> in <paramref name="data"/> into a new array of at least
    /// <paramref name="width"/> slots (those past the row's values stay NULL); returns the record's length.
    /// </summary>
    public static int Decode(byte[] data, int offset, int width, out long time, out long seq, out object?[] row)
    {
        var span = data.AsSpan();
        time = BinaryPrimitives.ReadInt64LittleEndian(span[offset..]);
        seq = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 8)..]);
        return DecodeRow(data, offset + 16, width, out row) - offset;
    }

    /// <summary>
    /// Decodes the row (<see cref="ValueCodec.WriteRow"/>) at <paramref name="offset"/> in <paramref name="data"/> into a new
    /// array of at least <paramref name="width"/> slots; returns the position after it.
    /// </summary>
    public static int DecodeRow(byte[] data, int offset, int width, out object?[] row)
    {
        var span = data.AsSpan();
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        row = new object?[Math.Max(count, width)];
        var pos = offset + 4;
        for (var i = 0; i < count; i++)
        {
            switch (span[pos])
            {
                case TagNull: pos++; break;
                case TagFalse: row[i] = false; pos++; break;
                case TagTrue: row[i] = true; pos++; break;
                case TagLong:
                    row[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(pos + 1)..]);
                    pos += 9;
                    break;
                case TagInt:
                    row[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(pos + 1)..]);
                    pos += 5;
                    break;
                case TagDouble:
                    row[i] = BinaryPrimitives.ReadDoubleLittleEndian(span[(pos + 1)..]);
                    pos += 9;
                    break;
                case TagDateTime:
                    row[i] = DateTime.FromBinary(BinaryPrimitives.ReadInt64LittleEndian(span[(pos + 1)..]));
                    pos += 9;
                    break;
                case TagString:
                {
                    pos++;
                    var length = Read7BitLength(span, ref pos);
                    row[i] = Utf8.GetString(span.Slice(pos, length));
                    pos += length;
                    break;
                }
                default:
                    row[i] = ReadWithValueCodec(data, ref pos);
                    break;
            }
        }
        return pos;
    }

    /// <summary>The length of the record at <paramref name="offset"/> in <paramref name="data"/>, without decoding its row; its time and seq.</summary>
    public static int Measure(byte[] data, int offset, out long time, out long seq)
    {
        var span = data.AsSpan();
        time = BinaryPrimitives.ReadInt64LittleEndian(span[offset..]);
        seq = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 8)..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 16)..]);
        var pos = offset + 20;
        for (var i = 0; i < count; i++)
        {
            switch (span[pos])
            {
                case TagNull or TagFalse or TagTrue: pos++; break;
                case TagInt: pos += 5; break;
                case TagLong or TagDouble or TagDateTime: pos += 9; break;
                case TagString:
                {
                    pos++;
                    var length = Read7BitLength(span, ref pos);
                    pos += length;
                    break;
                }
                default:
                    ReadWithValueCodec(data, ref pos);
                    break;
            }
        }
        return pos - offset;
    }

    private void EncodeWithValueCodec(long time, long seq, object?[] row, bool framed)
    {
        _fallback ??= new MemoryStream();
        _fallbackWriter ??= new BinaryWriter(_fallback, Utf8, leaveOpen: true);
        _fallback.SetLength(0);
        _fallbackWriter.Write(time);
        _fallbackWriter.Write(seq);
        if (framed) _fallbackWriter.Write(0);
        ValueCodec.WriteRow(_fallbackWriter, row);
        _fallbackWriter.Flush();
        EncodedLength = (int)_fallback.Length;
        if (_buffer.Length < EncodedLength) _buffer = new byte[Math.Max(EncodedLength, _buffer.Length * 2)];
        _fallback.GetBuffer().AsSpan(0, EncodedLength).CopyTo(_buffer);
        if (framed) BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(16), EncodedLength - FramedHeader);
        if (_fallback.Capacity > 1 << 20)
        {
            _fallbackWriter.Dispose();
            _fallback = null;
            _fallbackWriter = null;
        }
    }

    private static object? ReadWithValueCodec(byte[] data, ref int pos)
    {
        using var stream = new MemoryStream(data, pos, data.Length - pos, writable: false);
        using var reader = new BinaryReader(stream, Utf8);
        var value = ValueCodec.Read(reader);
        pos += (int)stream.Position;
        return value;
    }

    private static int Write7BitLength(Span<byte> span, int value)
    {
        var v = (uint)value;
        var n = 0;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[n++] = (byte)v;
        return n;
    }

    private static int Read7BitLength(ReadOnlySpan<byte> span, ref int pos)
    {
        var result = 0;
        var shift = 0;
        while (true)
        {
            var b = span[pos++];
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 28) throw new InvalidDataException("bad string length in a row record");
        }
    }
}
