using System.Text;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats.Csv;

/// <summary>
/// Decodes one CSV line: fields by position, separated by the delimiter; a field may be quoted (a
/// doubled quote inside stands for one). An empty unquoted field is NULL (for a STRING column too,
/// as Flink's default <c>csv.null-literal</c> handling of empty cells in non-string columns).
/// </summary>
public sealed class CsvRowDecoder : IRowDecoder
{
    private readonly RowSchema _schema;
    private readonly char _delimiter;
    private readonly char _quote;
    private readonly StringBuilder _field = new();
    private char[] _chars = new char[256];

    /// <summary>A decoder of <paramref name="schema"/>.</summary>
    public CsvRowDecoder(RowSchema schema, char delimiter, char quote)
    {
        _schema = schema;
        _delimiter = delimiter;
        _quote = quote;
    }

    /// <inheritdoc />
    public bool TryDecode(ReadOnlySpan<byte> record, object?[] row, out string? error)
    {
        error = null;
        var max = Encoding.UTF8.GetMaxCharCount(record.Length);
        if (_chars.Length < max) _chars = new char[Math.Max(max, _chars.Length * 2)];
        var length = Encoding.UTF8.GetChars(record, _chars);
        var line = _chars.AsSpan(0, length);
        var column = 0;
        var i = 0;
        while (true)
        {
            if (column >= _schema.Count)
            {
                error = $"expected {_schema.Count} fields, found more";
                return false;
            }
            bool quoted;
            ReadOnlySpan<char> text;
            if (i < line.Length && line[i] == _quote)
            {
                quoted = true;
                _field.Clear();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = $"field {column + 1}: unterminated quote";
                        return false;
                    }
                    if (line[i] == _quote)
                    {
                        if (i + 1 < line.Length && line[i + 1] == _quote)
                        {
                            _field.Append(_quote);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    _field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != _delimiter)
                {
                    error = $"field {column + 1}: unexpected character after closing quote";
                    return false;
                }
                text = _field.ToString();
            }
            else
            {
                quoted = false;
                var end = line[i..].IndexOf(_delimiter);
                text = end < 0 ? line[i..] : line.Slice(i, end);
                i += text.Length;
            }
            var type = _schema[column].Type;
            if (!quoted && text.IsEmpty) row[column] = null;
            else if (!TextValues.TryParse(text, type, out row[column]))
            {
                error = $"field {column + 1} ('{_schema[column].Name}'): '{text.ToString()}' is not a {type}";
                return false;
            }
            column++;
            if (i >= line.Length) break;
            i++; // the delimiter
            if (i == line.Length)
            {
                // A trailing delimiter: one more, empty field.
                if (column < _schema.Count) row[column++] = null;
                break;
            }
        }
        if (column != _schema.Count)
        {
            error = $"expected {_schema.Count} fields, found {column}";
            return false;
        }
        return true;
    }
}
