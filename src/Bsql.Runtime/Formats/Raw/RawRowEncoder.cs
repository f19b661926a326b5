using System.Buffers;
using System.Text;

namespace Bsql.Runtime.Formats.Raw;

/// <summary>Writes column 0 as the record: a string as UTF-8, bytes as they are; NULL as an empty record.</summary>
public sealed class RawRowEncoder : IRowEncoder
{
    private readonly bool _text;

    /// <summary>An encoder of a STRING (<paramref name="text"/>) or BYTES column.</summary>
    public RawRowEncoder(bool text) => _text = text;

    /// <inheritdoc />
    public void Encode(object?[] row, RowKind kind, IBufferWriter<byte> output)
    {
        switch (row[0])
        {
            case null: return;
            case byte[] bytes: output.Write(bytes); return;
            case string s when _text: Encoding.UTF8.GetBytes(s, output); return;
            case var other: Encoding.UTF8.GetBytes(ValueText.ToText(other), output); return;
        }
    }
}
