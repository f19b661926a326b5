using System.Buffers;
using System.Text;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats.Csv;

/// <summary>Encodes a row as one CSV line; a field holding the delimiter, the quote or a line break is quoted; NULL is empty.</summary>
public sealed class CsvRowEncoder : IRowEncoder
{
    private readonly RowSchema _schema;
    private readonly char _delimiter;
    private readonly char _quote;
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _field = new();

    /// <summary>An encoder of <paramref name="schema"/>.</summary>
    public CsvRowEncoder(RowSchema schema, char delimiter, char quote)
    {
        _schema = schema;
        _delimiter = delimiter;
        _quote = quote;
    }

    /// <inheritdoc />
    public void Encode(object?[] row, RowKind kind, IBufferWriter<byte> output)
    {
        _text.Clear();
        for (var i = 0; i < _schema.Count; i++)
        {
            if (i > 0) _text.Append(_delimiter);
            if (row[i] is null) continue;
            _field.Clear();
            TextValues.Append(_field, row[i], iso: false);
            var needsQuotes = false;
            for (var c = 0; c < _field.Length; c++)
            {
                var ch = _field[c];
                if (ch == _delimiter || ch == _quote || ch == '\n' || ch == '\r') { needsQuotes = true; break; }
            }
            if (!needsQuotes && _field.Length == 0 && _schema[i].Type.IsString) needsQuotes = true;
            if (needsQuotes)
            {
                _text.Append(_quote);
                for (var c = 0; c < _field.Length; c++)
                {
                    if (_field[c] == _quote) _text.Append(_quote);
                    _text.Append(_field[c]);
                }
                _text.Append(_quote);
            }
            else _text.Append(_field);
        }
        var bytes = Encoding.UTF8.GetByteCount(_text.ToString());
        var span = output.GetSpan(bytes);
        var written = Encoding.UTF8.GetBytes(_text.ToString(), span);
        output.Advance(written);
    }
}
