namespace Bsql.Runtime.Formats;

/// <summary>Decodes one record (a line of a file, a Kafka message value) into a row. Not thread-safe: one per subtask.</summary>
public interface IRowDecoder
{
    /// <summary>
    /// Writes the schema's columns into <paramref name="row"/>[0..n-1] (the row may be longer). Returns
    /// false with a short reason (e.g. <c>field 'price': expected a number</c>) when the record cannot be decoded.
    /// </summary>
    bool TryDecode(ReadOnlySpan<byte> record, object?[] row, out string? error);
}
