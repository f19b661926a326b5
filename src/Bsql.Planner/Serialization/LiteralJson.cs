using System.Globalization;
using System.Text.Json;
using Bsql.Planner.Types;

namespace Bsql.Planner.Serialization;

/// <summary>
/// The JSON form of runtime values, chosen by SQL type: numbers as JSON numbers (DECIMAL as an exact string, non-finite
/// floats as strings), strings, BYTES as base64, DATE/TIME/TIMESTAMP as ISO text, intervals as numbers, ARRAY and ROW
/// as arrays, MAP as an array of [key, value] pairs.
/// </summary>
public static class LiteralJson
{
    /// <summary>Writes <paramref name="value"/> (the runtime representation of <paramref name="type"/>).</summary>
    public static void Write(Utf8JsonWriter writer, object? value, SqlType type)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean: writer.WriteBooleanValue((bool)value); break;
            case SqlTypeKind.TinyInt: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case SqlTypeKind.SmallInt: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case SqlTypeKind.Int: writer.WriteNumberValue((int)value); break;
            case SqlTypeKind.BigInt: writer.WriteNumberValue((long)value); break;
            case SqlTypeKind.IntervalDayTime: writer.WriteNumberValue((long)value); break;
            case SqlTypeKind.IntervalYearMonth: writer.WriteNumberValue((int)value); break;
            case SqlTypeKind.Float:
                var f = (float)value;
                if (float.IsFinite(f)) writer.WriteNumberValue(f);
                else writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case SqlTypeKind.Double:
                var d = (double)value;
                if (double.IsFinite(d)) writer.WriteNumberValue(d);
                else writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case SqlTypeKind.Decimal: writer.WriteStringValue(((decimal)value).ToString(CultureInfo.InvariantCulture)); break;
            case SqlTypeKind.Char or SqlTypeKind.VarChar: writer.WriteStringValue((string)value); break;
            case SqlTypeKind.Bytes: writer.WriteBase64StringValue((byte[])value); break;
            case SqlTypeKind.Date: writer.WriteStringValue(((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case SqlTypeKind.Time: writer.WriteStringValue(((TimeOnly)value).ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture)); break;
            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                writer.WriteStringValue(((DateTime)value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
                break;
            case SqlTypeKind.Array:
                writer.WriteStartArray();
                foreach (var item in (object?[])value) Write(writer, item, type.Element!);
                writer.WriteEndArray();
                break;
            case SqlTypeKind.Row:
                writer.WriteStartArray();
                var fields = (object?[])value;
                for (var i = 0; i < fields.Length; i++) Write(writer, fields[i], type.Fields[i].Type);
                writer.WriteEndArray();
                break;
            case SqlTypeKind.Map:
                writer.WriteStartArray();
                foreach (var entry in (Dictionary<object, object?>)value)
                {
                    writer.WriteStartArray();
                    Write(writer, entry.Key, type.Element!);
                    Write(writer, entry.Value, type.Value!);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                break;
            default:
                throw new JsonException($"cannot write a literal of type {type}");
        }
    }

    /// <summary>Reads a value of <paramref name="type"/> written by <see cref="Write"/>.</summary>
    public static object? Read(JsonElement e, SqlType type)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        return type.Kind switch
        {
            SqlTypeKind.Boolean => e.GetBoolean(),
            SqlTypeKind.TinyInt => (sbyte)e.GetInt64(),
            SqlTypeKind.SmallInt => (short)e.GetInt64(),
            SqlTypeKind.Int => e.GetInt32(),
            SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime => e.GetInt64(),
            SqlTypeKind.IntervalYearMonth => e.GetInt32(),
            SqlTypeKind.Float => e.ValueKind == JsonValueKind.String ? float.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetSingle(),
            SqlTypeKind.Double => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble(),
            SqlTypeKind.Decimal => decimal.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            SqlTypeKind.Char or SqlTypeKind.VarChar => e.GetString(),
            SqlTypeKind.Bytes => e.GetBytesFromBase64(),
            SqlTypeKind.Date => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            SqlTypeKind.Time => TimeOnly.ParseExact(e.GetString()!, "HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            SqlTypeKind.Timestamp => DateTime.SpecifyKind(DateTime.ParseExact(e.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), DateTimeKind.Unspecified),
            SqlTypeKind.TimestampLtz => DateTime.SpecifyKind(DateTime.ParseExact(e.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), DateTimeKind.Utc),
            SqlTypeKind.Array => e.EnumerateArray().Select(x => Read(x, type.Element!)).ToArray(),
            SqlTypeKind.Row => e.EnumerateArray().Select((x, i) => Read(x, type.Fields[i].Type)).ToArray(),
            SqlTypeKind.Map => e.EnumerateArray().ToDictionary(p => Read(p[0], type.Element!)!, p => Read(p[1], type.Value!)),
            _ => throw new JsonException($"cannot read a literal of type {type}"),
        };
    }
}
