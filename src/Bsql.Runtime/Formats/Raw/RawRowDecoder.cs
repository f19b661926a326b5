using System.Text;

namespace Bsql.Runtime.Formats.Raw;

/// <summary>The record as column 0: UTF-8 text for a STRING column, the bytes for a BYTES column. Never fails.</summary>
public sealed class RawRowDecoder : IRowDecoder
{
    private readonly bool _text;

    /// <summary>A decoder producing a <c>string</c> (<paramref name="text"/>) or a <c>byte[]</c>.</summary>
    public RawRowDecoder(bool text) => _text = text;

    /// <inheritdoc />
    public bool TryDecode(ReadOnlySpan<byte> record, object?[] row, out string? error)
    {
        row[0] = _text ? Encoding.UTF8.GetString(record) : record.ToArray();
        error = null;
        return true;
    }
}
