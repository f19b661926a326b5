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
    private readonly byte[] _lastText = new byte[26];
    private long _lastTicks;
    private DateTimeKind _lastKind;
    private int _lastLength;

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

    /// <summary>
    /// A whole-millisecond timestamp as <c>"yyyy-MM-dd HH:mm:ss.fff"</c> (a <c>T</c> when ISO, a <c>Z</c> when UTC), written
    /// raw (it needs no escaping). The text of the last timestamp is kept: rows of one window, or of one event time,
    /// repeat it.
    /// </summary>
    private void WriteTimestamp(Utf8JsonWriter writer, DateTime dt)
    {
        if (dt.Ticks != _lastTicks || dt.Kind != _lastKind || _lastLength == 0)
        {
            var text = _lastText.AsSpan();
            DateOnly.FromDateTime(dt).Deconstruct(out var year, out var month, out var day);
            var time = dt.TimeOfDay;
            text[0] = (byte)'"';
            Digits(text.Slice(1, 4), year);
            text[5] = (byte)'-';
            Digits(text.Slice(6, 2), month);
            text[8] = (byte)'-';
            Digits(text.Slice(9, 2), day);
            text[11] = _iso ? (byte)'T' : (byte)' ';
            Digits(text.Slice(12, 2), time.Hours);
            text[14] = (byte)':';
            Digits(text.Slice(15, 2), time.Minutes);
            text[17] = (byte)':';
            Digits(text.Slice(18, 2), time.Seconds);
            text[20] = (byte)'.';
            Digits(text.Slice(21, 3), time.Milliseconds);
            var length = 24;
            if (dt.Kind == DateTimeKind.Utc) text[length++] = (byte)'Z';
            text[length++] = (byte)'"';
            _lastTicks = dt.Ticks;
            _lastKind = dt.Kind;
            _lastLength = length;
        }
        writer.WriteRawValue(_lastText.AsSpan(0, _lastLength), skipInputValidation: true);
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
            case DateTime dt when dt.Ticks % TimeSpan.TicksPerMillisecond == 0: WriteTimestamp(writer, dt); break;
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
