namespace Bsql.Runtime.Formats;

/// <summary>Encodes a row as one record (no line separator). Not thread-safe: one per subtask.</summary>
public interface IRowEncoder
{
    /// <summary>Appends the encoding of <paramref name="row"/> to <paramref name="output"/>.</summary>
    void Encode(object?[] row, RowKind kind, System.Buffers.IBufferWriter<byte> output);
}
