using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Cell values as HBase's <c>Bytes.toBytes</c> writes them and Flink's HBase connector reads them: big-endian
/// fixed-width numbers, <c>-1</c>/<c>0</c> booleans, UTF-8 strings, <c>BigDecimal</c> as a 4-byte scale plus the
/// unscaled two's-complement value, DATE as int days, TIME as int milliseconds of the day, TIMESTAMP as long epoch
/// milliseconds. With <see cref="HBaseValueEncoding.Text"/> every value is its UTF-8 text form instead.
/// </summary>
public static class HBaseBytes
{
    /// <summary>The bytes of <paramref name="value"/> (not null) of <paramref name="type"/>.</summary>
    public static byte[] ToBytes(object value, SqlType type, HBaseValueEncoding encoding = HBaseValueEncoding.Binary)
    {
        if (value is byte[] raw) return raw;
        if (encoding == HBaseValueEncoding.Text) return Encoding.UTF8.GetBytes(LookupValueCodec.FormatText(value, type));
        switch (value)
        {
            case string s: return Encoding.UTF8.GetBytes(s);
            case bool b: return [b ? (byte)0xFF : (byte)0];
            case sbyte v: return [unchecked((byte)v)];
            case short v:
            {
                var bytes = new byte[2];
                BinaryPrimitives.WriteInt16BigEndian(bytes, v);
                return bytes;
            }
            case int v:
            {
                var bytes = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(bytes, v);
                return bytes;
            }
            case long v:
            {
                var bytes = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(bytes, v);
                return bytes;
            }
            case float v: return ToBytes(BitConverter.SingleToInt32Bits(v), SqlType.Int);
            case double v: return ToBytes(BitConverter.DoubleToInt64Bits(v), SqlType.BigInt);
            case decimal v: return DecimalToBytes(v);
            case DateOnly d: return ToBytes(d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, SqlType.Int);
            case TimeOnly t: return ToBytes((int)(t.Ticks / TimeSpan.TicksPerMillisecond), SqlType.Int);
            case DateTime ts:
            {
                var utc = ts.Kind == DateTimeKind.Local ? ts.ToUniversalTime() : ts;
                return ToBytes((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond, SqlType.BigInt);
            }
            default: return Encoding.UTF8.GetBytes(LookupValueCodec.FormatText(value, type));
        }
    }

    /// <summary>The value of <paramref name="type"/> that <paramref name="bytes"/> hold.</summary>
    /// <exception cref="FormatException">The bytes have the wrong length for the type.</exception>
    public static object? FromBytes(ReadOnlySpan<byte> bytes, SqlType type, HBaseValueEncoding encoding = HBaseValueEncoding.Binary)
    {
        if (type.Kind == SqlTypeKind.Bytes) return bytes.ToArray();
        if (type.IsString) return Encoding.UTF8.GetString(bytes);
        if (encoding == HBaseValueEncoding.Text) return LookupValueCodec.ParseText(Encoding.UTF8.GetString(bytes), type);
        return type.Kind switch
        {
            SqlTypeKind.Boolean => Expect(bytes, 1, type)[0] != 0,
            SqlTypeKind.TinyInt => unchecked((sbyte)Expect(bytes, 1, type)[0]),
            SqlTypeKind.SmallInt => BinaryPrimitives.ReadInt16BigEndian(Expect(bytes, 2, type)),
            SqlTypeKind.Int or SqlTypeKind.IntervalYearMonth => BinaryPrimitives.ReadInt32BigEndian(Expect(bytes, 4, type)),
            SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime => BinaryPrimitives.ReadInt64BigEndian(Expect(bytes, 8, type)),
            SqlTypeKind.Float => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Expect(bytes, 4, type))),
            SqlTypeKind.Double => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Expect(bytes, 8, type))),
            SqlTypeKind.Decimal => DecimalFromBytes(bytes),
            SqlTypeKind.Date => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + BinaryPrimitives.ReadInt32BigEndian(Expect(bytes, 4, type))),
            SqlTypeKind.Time => new TimeOnly(BinaryPrimitives.ReadInt32BigEndian(Expect(bytes, 4, type)) * TimeSpan.TicksPerMillisecond),
            SqlTypeKind.Timestamp => new DateTime(DateTime.UnixEpoch.Ticks + BinaryPrimitives.ReadInt64BigEndian(Expect(bytes, 8, type)) * TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified),
            SqlTypeKind.TimestampLtz => new DateTime(DateTime.UnixEpoch.Ticks + BinaryPrimitives.ReadInt64BigEndian(Expect(bytes, 8, type)) * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
            _ => LookupValueCodec.ParseText(Encoding.UTF8.GetString(bytes), type),
        };
    }

    private static ReadOnlySpan<byte> Expect(ReadOnlySpan<byte> bytes, int length, SqlType type) =>
        bytes.Length == length ? bytes : throw new FormatException($"a binary {type} cell holds {length} bytes, found {bytes.Length}");

    private static byte[] DecimalToBytes(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (bits[3] < 0) magnitude = -magnitude;
        var unscaled = magnitude.ToByteArray(isUnsigned: false, isBigEndian: true);
        var bytes = new byte[4 + unscaled.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, scale);
        unscaled.CopyTo(bytes, 4);
        return bytes;
    }

    private static decimal DecimalFromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 5) throw new FormatException($"a binary DECIMAL cell holds at least 5 bytes, found {bytes.Length}");
        var scale = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var unscaled = new BigInteger(bytes[4..], isUnsigned: false, isBigEndian: true);
        var value = (decimal)unscaled;
        return scale >= 0 ? value / Pow10(scale) : value * Pow10(-scale);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }
}
