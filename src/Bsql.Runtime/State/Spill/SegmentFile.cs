namespace Bsql.Runtime.State.Spill;

/// <summary>
/// One append-only spill segment. A left segment holds the rows of one fire-time bucket, written while
/// the bucket is open and read once, sequentially, when it fires: records <c>time, seq, row</c>
/// (<see cref="ValueCodec"/>). A right segment holds right rows of one event-time bucket, scanned
/// sequentially for the keys of the left rows about to fire: framed records <c>time, key hash, length,
/// row</c>, so that a record of another key is skipped without decoding it. Both are written from the
/// stores' in-memory chunks, which hold the same records (<see cref="RowRecordCodec"/>).
/// Bytes are never rewritten: a checkpoint refers to the file by path and length, and a restore cuts
/// off whatever was appended after that checkpoint.
/// </summary>
internal sealed class SegmentFile
{
    private const int BufferSize = 64 * 1024;

    public SegmentFile(string path, long length, int rows)
    {
        Path = path;
        Length = length;
        Rows = rows;
    }

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>Bytes written so far (the valid prefix of the file).</summary>
    public long Length { get; private set; }

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// Appends <paramref name="rows"/> records already encoded (<see cref="RowRecordCodec"/>): the first
    /// <paramref name="lengths"/>[i] bytes of each of <paramref name="chunks"/>, in order. Returns the bytes written.
    /// </summary>
    public long AppendRecords(IReadOnlyList<byte[]> chunks, IReadOnlyList<int> lengths, int rows)
    {
        using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, BufferSize);
        stream.Position = Length;
        for (var i = 0; i < chunks.Count; i++) stream.Write(chunks[i], 0, lengths[i]);
        stream.Flush();
        var written = stream.Position - Length;
        Length = stream.Position;
        Rows += rows;
        return written;
    }

    /// <summary>
    /// Reads the framed records in bytes <c>[<paramref name="from"/>, <paramref name="to"/>)</c> in order and decodes the
    /// row of each one <paramref name="wanted"/> accepts (by time, key hash and offset), passing it to <paramref name="found"/> (time, offset, row).
    /// </summary>
    public void ScanFramed(long from, long to, Func<long, ulong, long, bool> wanted, Action<long, long, object?[]> found)
    {
        if (from >= to) return;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
        stream.Position = from;
        using var reader = new BinaryReader(stream);
        var offset = from;
        while (offset < to)
        {
            var time = reader.ReadInt64();
            var hash = reader.ReadUInt64();
            var length = reader.ReadInt32();
            if (wanted(time, hash, offset)) found(time, offset, ValueCodec.ReadRow(reader));
            offset += 20 + length;
            stream.Position = offset;
        }
    }

    /// <summary>Reads the valid prefix of the file (its records, as written) into the start of <paramref name="into"/> (at least <see cref="Length"/> bytes).</summary>
    public void ReadAll(byte[] into)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.ReadExactly(into, 0, checked((int)Length));
    }

    /// <summary>Adopts a segment named by a checkpoint: cuts off bytes appended after it.</summary>
    public static SegmentFile Adopt(string path, long length, int rows)
    {
        TruncateTo(path, length);
        return new SegmentFile(path, length, rows);
    }

    /// <summary>
    /// Cuts a spill file named by a checkpoint back to the <paramref name="length"/> it had then (bytes appended after the
    /// checkpoint belong to a run that did not complete); a missing or shorter file fails the restore (BSQL4201).
    /// </summary>
    public static void TruncateTo(string path, long length)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < length)
        {
            throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.CheckpointFailed,
                $"spill file '{path}' named by the checkpoint is missing or shorter than {length} bytes");
        }
        if (info.Length > length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            stream.SetLength(length);
        }
    }
}
