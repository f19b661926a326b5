using System.Collections;

namespace Bsql.Runtime.State;

/// <summary>
/// Writes and reads runtime values (see docs/design.md, "Runtime values") with a type tag, for
/// checkpoints and spill files. Stable: a value written by one build is read by the next.
/// </summary>
public static class ValueCodec
{
    private enum Tag : byte
    {
        Null, False, True, Long, Int, Short, SByte, Double, Float, Decimal, String, Bytes,
        DateTime, DateOnly, TimeOnly, Array, Map, RowKey,
    }

    /// <summary>Writes <paramref name="value"/>.</summary>
    public static void Write(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.Write((byte)Tag.Null); break;
            case bool b: writer.Write((byte)(b ? Tag.True : Tag.False)); break;
            case long l: writer.Write((byte)Tag.Long); writer.Write(l); break;
            case int i: writer.Write((byte)Tag.Int); writer.Write(i); break;
            case short s: writer.Write((byte)Tag.Short); writer.Write(s); break;
            case sbyte sb: writer.Write((byte)Tag.SByte); writer.Write(sb); break;
            case double d: writer.Write((byte)Tag.Double); writer.Write(d); break;
            case float f: writer.Write((byte)Tag.Float); writer.Write(f); break;
            case decimal m: writer.Write((byte)Tag.Decimal); writer.Write(m); break;
            case string str: writer.Write((byte)Tag.String); writer.Write(str); break;
            case byte[] bytes: writer.Write((byte)Tag.Bytes); writer.Write(bytes.Length); writer.Write(bytes); break;
            case DateTime dt: writer.Write((byte)Tag.DateTime); writer.Write(dt.ToBinary()); break;
            case DateOnly date: writer.Write((byte)Tag.DateOnly); writer.Write(date.DayNumber); break;
            case TimeOnly time: writer.Write((byte)Tag.TimeOnly); writer.Write(time.Ticks); break;
            case object?[] items:
                writer.Write((byte)Tag.Array);
                WriteRow(writer, items);
                break;
            case RowKey key:
                writer.Write((byte)Tag.RowKey);
                WriteRow(writer, key.Values);
                break;
            case IDictionary map:
                writer.Write((byte)Tag.Map);
                writer.Write(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    Write(writer, entry.Key);
                    Write(writer, entry.Value);
                }
                break;
            default: throw new NotSupportedException($"cannot checkpoint a value of type {value.GetType()}");
        }
    }

    /// <summary>Reads a value written by <see cref="Write"/>.</summary>
    public static object? Read(BinaryReader reader)
    {
        var tag = (Tag)reader.ReadByte();
        switch (tag)
        {
            case Tag.Null: return null;
            case Tag.False: return false;
            case Tag.True: return true;
            case Tag.Long: return reader.ReadInt64();
            case Tag.Int: return reader.ReadInt32();
            case Tag.Short: return reader.ReadInt16();
            case Tag.SByte: return reader.ReadSByte();
            case Tag.Double: return reader.ReadDouble();
            case Tag.Float: return reader.ReadSingle();
            case Tag.Decimal: return reader.ReadDecimal();
            case Tag.String: return reader.ReadString();
            case Tag.Bytes: return reader.ReadBytes(reader.ReadInt32());
            case Tag.DateTime: return DateTime.FromBinary(reader.ReadInt64());
            case Tag.DateOnly: return DateOnly.FromDayNumber(reader.ReadInt32());
            case Tag.TimeOnly: return new TimeOnly(reader.ReadInt64());
            case Tag.Array: return ReadRow(reader);
            case Tag.RowKey: return new RowKey(ReadRow(reader));
            case Tag.Map:
            {
                var count = reader.ReadInt32();
                var map = new Dictionary<object, object?>(count);
                for (var i = 0; i < count; i++)
                {
                    var key = Read(reader)!;
                    map[key] = Read(reader);
                }
                return map;
            }
            default: throw new InvalidDataException($"bad value tag {(byte)tag}");
        }
    }

    /// <summary>Writes a row (length, then values).</summary>
    public static void WriteRow(BinaryWriter writer, object?[] row)
    {
        writer.Write(row.Length);
        foreach (var item in row) Write(writer, item);
    }

    /// <summary>Reads a row written by <see cref="WriteRow"/>.</summary>
    public static object?[] ReadRow(BinaryReader reader)
    {
        var row = new object?[reader.ReadInt32()];
        for (var i = 0; i < row.Length; i++) row[i] = Read(reader);
        return row;
    }
}
