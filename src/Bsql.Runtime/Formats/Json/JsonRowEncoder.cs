using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats.Json;

/// <summary>
/// Encodes a row as one JSON object (field names from the schema). Timestamps use the SQL format
/// <c>2024-01-31 12:00:00.000</c> or ISO-8601 <c>2024-01-31T12:00:00.000</c>; BYTES are base64; ROW,
/// MAP and ARRAY nest. The row kind is not written (an append-only format).
/// </summary>
public sealed class JsonRowEncoder : IRowEncoder
{
    private readonly RowSchema _schema;
    private readonly JsonEncodedText[] _names;
    private readonly bool _iso;
    private readonly StringBuilder _text = new();
    private Utf8JsonWriter? _writer;

    /// <summary>An encoder of <paramref name="schema"/>.</summary>
    public JsonRowEncoder(RowSchema schema, bool isoTimestamps)
    {
        _schema = schema;
        _names = schema.Fields.Select(f => JsonEncodedText.Encode(f.Name)).ToArray();
        _iso = isoTimestamps;
    }

    /// <inheritdoc />
    public void Encode(object?[] row, RowKind kind, IBufferWriter<byte> output)
    {
        if (_writer is null) _writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        else _writer.Reset(output);
        _writer.WriteStartObject();
        for (var i = 0; i < _names.Length; i++)
        {
            _writer.WritePropertyName(_names[i]);
            WriteValue(_writer, row[i], _schema[i].Type);
        }
        _writer.WriteEndObject();
        _writer.Flush();
    }

    /// <summary>A whole-millisecond timestamp as <see cref="TextValues.Append"/> writes it, straight into UTF-8 (no string).</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, DateTime dt, bool iso)
    {
        Span<byte> text = stackalloc byte[24];
        Digits(text[..4], dt.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), dt.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), dt.Day);
        text[10] = iso ? (byte)'T' : (byte)' ';
        Digits(text.Slice(11, 2), dt.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), dt.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), dt.Second);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 3), dt.Millisecond);
        var length = 23;
        if (dt.Kind == DateTimeKind.Utc) text[length++] = (byte)'Z';
        writer.WriteStringValue(text[..length]);
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private void WriteValue(Utf8JsonWriter writer, object? value, SqlType type)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case sbyte sb: writer.WriteNumberValue(sb); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case DateTime dt when dt.Ticks % TimeSpan.TicksPerMillisecond == 0: WriteTimestamp(writer, dt, _iso); break;
            case object?[] items when type.Kind == SqlTypeKind.Row:
                writer.WriteStartObject();
                for (var i = 0; i < type.Fields.Length && i < items.Length; i++)
                {
                    writer.WritePropertyName(type.Fields[i].Name);
                    WriteValue(writer, items[i], type.Fields[i].Type);
                }
                writer.WriteEndObject();
                break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item, type.Element ?? SqlType.String);
                writer.WriteEndArray();
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(ValueText.ToText(entry.Key));
                    WriteValue(writer, entry.Value, type.Value ?? SqlType.String);
                }
                writer.WriteEndObject();
                break;
            default:
                _text.Clear();
                TextValues.Append(_text, value, _iso);
                writer.WriteStringValue(_text.ToString());
                break;
        }
    }
}
