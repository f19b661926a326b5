using System.Globalization;
using System.Text.Json;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// Converts between BSQL runtime values (design.md, "Runtime values") and the text and JSON forms the
/// key-value stores hold: Redis hash fields and HBase <c>text</c> cells are text cast to the column type,
/// Redis <c>string</c> values are JSON objects. Text forms follow Flink's JSON format defaults: timestamps
/// <c>2024-01-31 12:00:00.000</c>, dates <c>2024-01-31</c>, bytes base64.
/// </summary>
public static class LookupValueCodec
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd",
    ];

    /// <summary>Reads <paramref name="text"/> as a value of <paramref name="type"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of the type.</exception>
    public static object? ParseText(string text, SqlType type)
    {
        var c = CultureInfo.InvariantCulture;
        return type.Kind switch
        {
            SqlTypeKind.Null => null,
            SqlTypeKind.Boolean => text.Trim() switch
            {
                var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) || t == "1" => true,
                var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) || t == "0" => false,
                _ => throw new FormatException($"'{text}' is not a BOOLEAN"),
            },
            SqlTypeKind.TinyInt => sbyte.Parse(text, NumberStyles.Integer, c),
            SqlTypeKind.SmallInt => short.Parse(text, NumberStyles.Integer, c),
            SqlTypeKind.Int or SqlTypeKind.IntervalYearMonth => int.Parse(text, NumberStyles.Integer, c),
            SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime => long.Parse(text, NumberStyles.Integer, c),
            SqlTypeKind.Float => float.Parse(text, NumberStyles.Float, c),
            SqlTypeKind.Double => double.Parse(text, NumberStyles.Float, c),
            SqlTypeKind.Decimal => decimal.Parse(text, NumberStyles.Float, c),
            SqlTypeKind.Char or SqlTypeKind.VarChar => text,
            SqlTypeKind.Bytes => Convert.FromBase64String(text),
            SqlTypeKind.Date => DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", c),
            SqlTypeKind.Time => TimeOnly.Parse(text, c),
            SqlTypeKind.Timestamp => DateTime.SpecifyKind(
                DateTime.ParseExact(text.Trim(), TimestampFormats, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Unspecified),
            SqlTypeKind.TimestampLtz => DateTime.ParseExact(text.Trim(), TimestampFormats, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            SqlTypeKind.Array or SqlTypeKind.Map or SqlTypeKind.Row => ParseJson(text, type),
            _ => throw new FormatException($"no text form for {type}"),
        };
    }

    /// <summary>The text form of <paramref name="value"/> (not null) of <paramref name="type"/>; <see cref="ParseText"/> reads it back.</summary>
    public static string FormatText(object value, SqlType type)
    {
        var c = CultureInfo.InvariantCulture;
        return value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            byte[] bytes => Convert.ToBase64String(bytes),
            float f => f.ToString("R", c),
            double d => d.ToString("R", c),
            DateOnly date => date.ToString("yyyy-MM-dd", c),
            TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", c),
            DateTime ts when type.Kind == SqlTypeKind.TimestampLtz => ts.ToUniversalTime().ToString(TimestampFormat, c) + "Z",
            DateTime ts => ts.ToString(TimestampFormat, c),
            object?[] or Dictionary<object, object?> => FormatJson(value, type),
            IFormattable formattable => formattable.ToString(null, c),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>Reads a JSON value as a value of <paramref name="type"/> (a JSON string is also accepted for any scalar type).</summary>
    public static object? FromJson(JsonElement json, SqlType type)
    {
        if (json.ValueKind == JsonValueKind.Null || json.ValueKind == JsonValueKind.Undefined) return null;
        switch (type.Kind)
        {
            case SqlTypeKind.Row when json.ValueKind == JsonValueKind.Object:
                var fields = new object?[type.Fields.Length];
                for (var i = 0; i < fields.Length; i++)
                {
                    if (TryGetProperty(json, type.Fields[i].Name, out var field)) fields[i] = FromJson(field, type.Fields[i].Type);
                }
                return fields;
            case SqlTypeKind.Array when json.ValueKind == JsonValueKind.Array:
                var items = new object?[json.GetArrayLength()];
                var index = 0;
                foreach (var item in json.EnumerateArray()) items[index++] = FromJson(item, type.Element!);
                return items;
            case SqlTypeKind.Map when json.ValueKind == JsonValueKind.Object:
                var map = new Dictionary<object, object?>();
                foreach (var property in json.EnumerateObject())
                {
                    map[ParseText(property.Name, type.Element!)!] = FromJson(property.Value, type.Value!);
                }
                return map;
            case SqlTypeKind.Boolean when json.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return json.GetBoolean();
            case SqlTypeKind.Char or SqlTypeKind.VarChar when json.ValueKind != JsonValueKind.String:
                return json.GetRawText();
            default:
                return json.ValueKind == JsonValueKind.String ? ParseText(json.GetString()!, type) : ParseText(json.GetRawText(), type);
        }
    }

    /// <summary>Writes <paramref name="value"/> of <paramref name="type"/> as JSON (<see cref="FromJson"/> reads it back).</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value, SqlType type)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case sbyte v: writer.WriteNumberValue(v); break;
            case short v: writer.WriteNumberValue(v); break;
            case int v: writer.WriteNumberValue(v); break;
            case long v: writer.WriteNumberValue(v); break;
            case float v when float.IsFinite(v): writer.WriteNumberValue(v); break;
            case double v when double.IsFinite(v): writer.WriteNumberValue(v); break;
            case decimal v: writer.WriteNumberValue(v); break;
            case object?[] fields when type.Kind == SqlTypeKind.Row:
                writer.WriteStartObject();
                for (var i = 0; i < type.Fields.Length && i < fields.Length; i++)
                {
                    writer.WritePropertyName(type.Fields[i].Name);
                    WriteJson(writer, fields[i], type.Fields[i].Type);
                }
                writer.WriteEndObject();
                break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items) WriteJson(writer, item, type.Element ?? SqlType.String);
                writer.WriteEndArray();
                break;
            case Dictionary<object, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(FormatText(key, type.Element ?? SqlType.String));
                    WriteJson(writer, item, type.Value ?? SqlType.String);
                }
                writer.WriteEndObject();
                break;
            default: writer.WriteStringValue(FormatText(value, type)); break;
        }
    }

    /// <summary>
    /// Brings a value read from a driver (Npgsql) to the runtime representation of <paramref name="type"/>:
    /// widens or narrows numbers, fixes <see cref="DateTime.Kind"/>, maps <see cref="DBNull"/> to null.
    /// </summary>
    public static object? Coerce(object? value, SqlType type)
    {
        if (value is null || value is DBNull) return null;
        var c = CultureInfo.InvariantCulture;
        return type.Kind switch
        {
            SqlTypeKind.Boolean => value is bool ? value : Convert.ToBoolean(value, c),
            SqlTypeKind.TinyInt => value is sbyte ? value : Convert.ToSByte(value, c),
            SqlTypeKind.SmallInt => value is short ? value : Convert.ToInt16(value, c),
            SqlTypeKind.Int => value is int ? value : Convert.ToInt32(value, c),
            SqlTypeKind.BigInt => value is long ? value : Convert.ToInt64(value, c),
            SqlTypeKind.Float => value is float ? value : Convert.ToSingle(value, c),
            SqlTypeKind.Double => value is double ? value : Convert.ToDouble(value, c),
            SqlTypeKind.Decimal => value is decimal ? value : Convert.ToDecimal(value, c),
            SqlTypeKind.Char or SqlTypeKind.VarChar => value as string ?? FormatText(value, type),
            SqlTypeKind.Date => value switch
            {
                DateOnly => value,
                DateTime dt => DateOnly.FromDateTime(dt),
                _ => ParseText(value.ToString()!, type),
            },
            SqlTypeKind.Time => value switch
            {
                TimeOnly => value,
                TimeSpan span => TimeOnly.FromTimeSpan(span),
                _ => ParseText(value.ToString()!, type),
            },
            SqlTypeKind.Timestamp => value switch
            {
                DateTime dt => DateTime.SpecifyKind(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt, DateTimeKind.Unspecified),
                DateTimeOffset dto => DateTime.SpecifyKind(dto.UtcDateTime, DateTimeKind.Unspecified),
                _ => ParseText(value.ToString()!, type),
            },
            SqlTypeKind.TimestampLtz => value switch
            {
                DateTime dt => dt.Kind == DateTimeKind.Utc ? dt : DateTime.SpecifyKind(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt, DateTimeKind.Utc),
                DateTimeOffset dto => dto.UtcDateTime,
                _ => ParseText(value.ToString()!, type),
            },
            SqlTypeKind.IntervalDayTime => value is TimeSpan span ? (long)span.TotalMilliseconds : Convert.ToInt64(value, c),
            _ => value is string text && type.Kind is not SqlTypeKind.Bytes ? ParseText(text, type) : value,
        };
    }

    private static object? ParseJson(string text, SqlType type)
    {
        using var document = JsonDocument.Parse(text);
        return FromJson(document.RootElement, type);
    }

    private static string FormatJson(object value, SqlType type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteJson(writer, value, type);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool TryGetProperty(JsonElement json, string name, out JsonElement value)
    {
        if (json.TryGetProperty(name, out value)) return true;
        foreach (var property in json.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads a JSON object as a row of <paramref name="schema"/>: columns by name (case-insensitive), absent ones NULL.</summary>
    public static object?[] RowFromJson(JsonElement json, RowSchema schema)
    {
        var row = new object?[schema.Count];
        for (var i = 0; i < row.Length; i++)
        {
            if (TryGetProperty(json, schema[i].Name, out var value)) row[i] = FromJson(value, schema[i].Type);
        }
        return row;
    }
}
