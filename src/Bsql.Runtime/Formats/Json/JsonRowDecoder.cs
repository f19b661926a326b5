using System.Buffers;
using System.Text;
using System.Text.Json;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats.Json;

/// <summary>
/// Decodes one JSON object per record with <see cref="Utf8JsonReader"/> (no DOM): top-level fields by
/// name (exact, then case-insensitive), unknown fields skipped, missing ones NULL unless
/// <c>json.fail-on-missing-field</c>. Nested objects and arrays map to ROW, MAP and ARRAY. Numbers
/// given as strings are accepted, as in Flink. Comments are skipped.
/// </summary>
/// <remarks>
/// Per record, on the hot path of every JSON source: records are read first without comment handling
/// (the reader's fast path) and read again skipping comments only when that fails on a record holding
/// a <c>/</c>; before both, a scanner specialised to the columns reads the flat object from its bytes (see
/// JsonRowDecoder.Fast.cs) and leaves the record to the reader when unsure; short strings that repeat (enums, countries, devices) come from a small per-column cache
/// instead of a new string each (<see cref="Utf8StringCache"/>); small integers are boxed once.
/// </remarks>
public sealed partial class JsonRowDecoder : IRowDecoder
{
    private static readonly JsonReaderOptions Plain = new() { CommentHandling = JsonCommentHandling.Disallow };
    private static readonly JsonReaderOptions WithComments = new() { CommentHandling = JsonCommentHandling.Skip };
    private readonly RowSchema _schema;
    private readonly byte[][] _names;
    private readonly bool _failOnMissing;
    private readonly bool[] _present;
    private readonly Utf8StringCache?[] _strings;

    /// <summary>A decoder of <paramref name="schema"/>.</summary>
    public JsonRowDecoder(RowSchema schema, bool failOnMissingField)
    {
        _schema = schema;
        _names = schema.Fields.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _failOnMissing = failOnMissingField;
        _present = new bool[schema.Count];
        _strings = [.. schema.Fields.Select(f => f.Type.Kind is SqlTypeKind.VarChar or SqlTypeKind.Char ? new Utf8StringCache() : null)];
        _kinds = [.. schema.Fields.Select(f => f.Type.Kind)];
        _known = new (byte[], int)[_names.Length + MaxLearntNames];
        _plainName = new bool[_known.Length];
        for (var i = 0; i < _names.Length; i++)
        {
            _known[i] = (_names[i], i);
            _plainName[i] = IsPlain(_names[i]);
        }
        _knownCount = _names.Length;
        _follow = new int[_known.Length];
        Array.Fill(_follow, -1);
    }

    /// <inheritdoc />
    public bool TryDecode(ReadOnlySpan<byte> record, object?[] row, out string? error)
    {
        error = null;
        if (FastPath && TryDecodeFast(record, row)) return true;
        if (TryDecode(record, row, Plain, out error)) return true;
        return record.IndexOf((byte)'/') >= 0 && TryDecode(record, row, WithComments, out error);
    }

    private bool TryDecode(ReadOnlySpan<byte> record, object?[] row, JsonReaderOptions options, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(record, options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object";
                return false;
            }
            Array.Clear(_present);
            for (var i = 0; i < _schema.Count; i++) row[i] = null;
            var hint = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = FindField(ref reader, hint);
                if (!reader.Read())
                {
                    error = "unexpected end of JSON";
                    return false;
                }
                if (index < 0)
                {
                    reader.Skip();
                    continue;
                }
                hint = index + 1;
                _present[index] = true;
                if (reader.TokenType == JsonTokenType.String && _strings[index] is { } cache)
                {
                    row[index] = cache.Get(ref reader);
                    continue;
                }
                if (!TryRead(ref reader, _schema[index].Type, out row[index], out error))
                {
                    error = $"field '{_schema[index].Name}': {error}";
                    return false;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject)
            {
                error = "malformed JSON object";
                return false;
            }
            if (reader.Read())
            {
                error = "unexpected content after the JSON object";
                return false;
            }
            if (_failOnMissing)
            {
                for (var i = 0; i < _present.Length; i++)
                {
                    if (!_present[i])
                    {
                        error = $"field '{_schema[i].Name}' is missing";
                        return false;
                    }
                }
            }
            return true;
        }
        catch (JsonException e)
        {
            error = "malformed JSON: " + e.Message;
            return false;
        }
        catch (InvalidOperationException e)
        {
            error = e.Message;
            return false;
        }
    }

    private int FindField(ref Utf8JsonReader reader, int hint)
    {
        if (hint < _names.Length && reader.ValueTextEquals(_names[hint])) return hint;
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i])) return i;
        }
        var name = reader.GetString();
        return _schema.IndexOf(name!);
    }

    private static bool TryRead(ref Utf8JsonReader reader, SqlType type, out object? value, out string? error)
    {
        error = null;
        value = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        switch (type.Kind)
        {
            case SqlTypeKind.VarChar or SqlTypeKind.Char:
                if (reader.TokenType == JsonTokenType.String)
                {
                    value = reader.GetString();
                    return true;
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // Flink passes a nested value to a STRING column as its JSON text.
                    using var doc = JsonDocument.ParseValue(ref reader);
                    value = doc.RootElement.GetRawText();
                    return true;
                }
                value = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                return true;
            case SqlTypeKind.Boolean:
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    value = reader.GetBoolean();
                    return true;
                }
                break;
            case SqlTypeKind.BigInt when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetInt64(out var l)) { value = SmallBoxes.Of(l); return true; }
                error = "not a BIGINT";
                return false;
            case SqlTypeKind.Int when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetInt32(out var i)) { value = SmallBoxes.Of(i); return true; }
                error = "not an INT";
                return false;
            case SqlTypeKind.SmallInt when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetInt16(out var s)) { value = s; return true; }
                error = "not a SMALLINT";
                return false;
            case SqlTypeKind.TinyInt when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetSByte(out var b)) { value = b; return true; }
                error = "not a TINYINT";
                return false;
            case SqlTypeKind.Double when reader.TokenType == JsonTokenType.Number:
                value = reader.GetDouble();
                return true;
            case SqlTypeKind.Float when reader.TokenType == JsonTokenType.Number:
                value = reader.GetSingle();
                return true;
            case SqlTypeKind.Decimal when reader.TokenType == JsonTokenType.Number:
                if (reader.TryGetDecimal(out var m)) { value = m; return true; }
                error = "not a DECIMAL";
                return false;
            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz when reader.TokenType == JsonTokenType.String:
            {
                // A longer value is no timestamp either; it is read whole for the error message.
                Span<char> buffer = reader.HasValueSequence || reader.ValueSpan.Length > 64 ? reader.GetString().AsSpan().ToArray() : stackalloc char[64];
                var length = reader.CopyString(buffer);
                if (TextValues.TryParseTimestamp(buffer[..length], out var dt))
                {
                    value = DateTime.SpecifyKind(dt, type.Kind == SqlTypeKind.Timestamp ? DateTimeKind.Unspecified : DateTimeKind.Utc);
                    return true;
                }
                error = $"'{buffer[..length].ToString()}' is not a timestamp (expected 2024-01-31 12:00:00.000)";
                return false;
            }
            case SqlTypeKind.Array when reader.TokenType == JsonTokenType.StartArray:
            {
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!TryRead(ref reader, type.Element!, out var item, out error)) return false;
                    items.Add(item);
                }
                value = items.ToArray();
                return true;
            }
            case SqlTypeKind.Map when reader.TokenType == JsonTokenType.StartObject:
            {
                var map = new Dictionary<object, object?>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keyText = reader.GetString()!;
                    if (!TextValues.TryParse(keyText, type.Element!, out var key) || key is null)
                    {
                        error = $"map key '{keyText}' is not a {type.Element}";
                        return false;
                    }
                    reader.Read();
                    if (!TryRead(ref reader, type.Value!, out var item, out error)) return false;
                    map[key] = item;
                }
                value = map;
                return true;
            }
            case SqlTypeKind.Row when reader.TokenType == JsonTokenType.StartObject:
            {
                var fields = type.Fields;
                var nested = new object?[fields.Length];
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var index = -1;
                    for (var f = 0; f < fields.Length; f++)
                    {
                        if (string.Equals(fields[f].Name, name, StringComparison.OrdinalIgnoreCase)) { index = f; break; }
                    }
                    if (index < 0)
                    {
                        reader.Skip();
                        continue;
                    }
                    if (!TryRead(ref reader, fields[index].Type, out nested[index], out error)) return false;
                }
                value = nested;
                return true;
            }
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (TextValues.TryParse(text, type, out value)) return true;
            error = $"'{text}' is not a {type}";
            return false;
        }
        if (reader.TokenType == JsonTokenType.Number && type.IsNumeric)
        {
            var text = Encoding.UTF8.GetString(reader.ValueSpan);
            if (TextValues.TryParse(text, type, out value)) return true;
        }
        error = $"expected {type}, found {reader.TokenType}";
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        return false;
    }
}
