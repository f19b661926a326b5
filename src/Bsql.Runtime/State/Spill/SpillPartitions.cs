namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Keyed state on disk as a fixed number of hash partitions, one append-only file each. A key always
/// lands in the same partition (<see cref="PartitionOf"/>), so the records of one partition can be
/// merged in memory on their own, a partition at a time. What a record holds is the caller's business
/// (key and accumulators, or a logged input row); this class keeps the files, their valid lengths,
/// record counts and the estimated in-memory bytes of their records.
/// <para>
/// Bytes are never rewritten: a checkpoint names each file by path, length and record count
/// (<see cref="Snapshot"/>), and <see cref="Restore"/> cuts off what was appended after it.
/// </para>
/// </summary>
internal sealed class SpillPartitions
{
    private const int BufferSize = 32 * 1024;

    private readonly string _directory;
    private readonly string _name;
    private readonly string?[] _paths;
    private readonly long[] _lengths;
    private readonly long[] _records;
    private readonly long[] _estimates;
    private int _nextFile;

    /// <param name="directory">Where the files go (created on the first write).</param>
    /// <param name="name">A file-name prefix unique within <paramref name="directory"/>.</param>
    /// <param name="partitions">Number of partitions, a power of two.</param>
    public SpillPartitions(string directory, string name, int partitions)
    {
        if (partitions <= 0 || (partitions & (partitions - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(partitions), "a power of two");
        _directory = directory;
        _name = name;
        _paths = new string?[partitions];
        _lengths = new long[partitions];
        _records = new long[partitions];
        _estimates = new long[partitions];
    }

    /// <summary>Number of partitions.</summary>
    public int Count => _paths.Length;

    /// <summary>Valid bytes on disk, over all partitions.</summary>
    public long TotalBytes => _lengths.Sum();

    /// <summary>Records on disk, over all partitions.</summary>
    public long TotalRecords => _records.Sum();

    /// <summary>Records of partition <paramref name="partition"/>.</summary>
    public long Records(int partition) => _records[partition];

    /// <summary>Valid bytes of partition <paramref name="partition"/>.</summary>
    public long Length(int partition) => _lengths[partition];

    /// <summary>Estimated in-memory bytes of partition <paramref name="partition"/>'s records when read back.</summary>
    public long Estimate(int partition) => _estimates[partition];

    /// <summary>Every file this set holds.</summary>
    public IEnumerable<string> Paths => _paths.Where(p => p is not null)!;

    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitions"/> (a power of two).</summary>
    /// <remarks>
    /// The top bits of the key's hash after a multiplicative mix, so that they do not follow the bits
    /// the hash exchange routed the key by (every key of a subtask would otherwise share them).
    /// </remarks>
    public static int PartitionOf(RowKey key, int partitions) =>
        partitions == 1 ? 0 : (int)(((uint)key.GetHashCode() * 0x9E3779B1u) >> (32 - System.Numerics.BitOperations.Log2((uint)partitions)));

    /// <summary>Starts appending records; dispose the appender to make them count.</summary>
    public Appender Append() => new(this);

    /// <summary>Reads partition <paramref name="partition"/> sequentially: call <paramref name="record"/> once per record.</summary>
    public void Read(int partition, Action<BinaryReader> record)
    {
        if (_paths[partition] is not { } path || _records[partition] == 0) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan);
        using var reader = new BinaryReader(stream);
        for (long i = 0; i < _records[partition]; i++) record(reader);
    }

    /// <summary>
    /// Forgets partition <paramref name="partition"/>'s file (its records were merged elsewhere) and
    /// returns its path for the caller to retire; the next append starts a new file.
    /// </summary>
    public string? Detach(int partition)
    {
        var path = _paths[partition];
        _paths[partition] = null;
        _lengths[partition] = 0;
        _records[partition] = 0;
        _estimates[partition] = 0;
        return path;
    }

    /// <summary>Writes the set: per partition path, length, records and estimate.</summary>
    public void Snapshot(BinaryWriter writer)
    {
        writer.Write(_name);
        writer.Write(_paths.Length);
        for (var p = 0; p < _paths.Length; p++)
        {
            writer.Write(_paths[p] ?? "");
            writer.Write(_lengths[p]);
            writer.Write(_records[p]);
            writer.Write(_estimates[p]);
        }
    }

    /// <summary>Reads what <see cref="Snapshot"/> wrote, adopting the files it names (bytes appended after the checkpoint are cut off).</summary>
    public static SpillPartitions Restore(BinaryReader reader, string directory)
    {
        var name = reader.ReadString();
        var set = new SpillPartitions(directory, name + "-r" + Guid.NewGuid().ToString("N")[..6], reader.ReadInt32());
        for (var p = 0; p < set._paths.Length; p++)
        {
            var path = reader.ReadString();
            var length = reader.ReadInt64();
            var records = reader.ReadInt64();
            var estimate = reader.ReadInt64();
            if (path.Length == 0) continue;
            SegmentFile.TruncateTo(path, length);
            set._paths[p] = path;
            set._lengths[p] = length;
            set._records[p] = records;
            set._estimates[p] = estimate;
        }
        return set;
    }

    private string NewPath(int partition)
    {
        Directory.CreateDirectory(_directory);
        return Path.Combine(_directory, $"{_name}-p{partition}-{_nextFile++}.spill");
    }

    /// <summary>
    /// One append session: a writer per partition, opened on first use. <see cref="Writer"/> then
    /// <see cref="Wrote"/> per record; <see cref="Dispose"/> flushes and records the new lengths.
    /// </summary>
    public sealed class Appender : IDisposable
    {
        private readonly SpillPartitions _set;
        private readonly FileStream?[] _streams;
        private readonly BinaryWriter?[] _writers;

        internal Appender(SpillPartitions set)
        {
            _set = set;
            _streams = new FileStream?[set.Count];
            _writers = new BinaryWriter?[set.Count];
        }

        /// <summary>Bytes this session wrote (known after <see cref="Dispose"/>).</summary>
        public long BytesWritten { get; private set; }

        /// <summary>The writer of partition <paramref name="partition"/>: write one record, then call <see cref="Wrote"/>.</summary>
        public BinaryWriter Writer(int partition)
        {
            if (_writers[partition] is { } writer) return writer;
            var path = _set._paths[partition] ??= _set.NewPath(partition);
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, BufferSize);
            stream.Position = _set._lengths[partition];
            _streams[partition] = stream;
            return _writers[partition] = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        }

        /// <summary>One record was written to partition <paramref name="partition"/>, worth <paramref name="estimate"/> bytes in memory.</summary>
        public void Wrote(int partition, long estimate)
        {
            _set._records[partition]++;
            _set._estimates[partition] += estimate;
        }

        /// <summary>Flushes every writer and records the new lengths (again: nothing).</summary>
        public void Dispose()
        {
            for (var p = 0; p < _streams.Length; p++)
            {
                if (_streams[p] is not { } stream) continue;
                _writers[p]!.Flush();
                stream.Flush();
                BytesWritten += stream.Position - _set._lengths[p];
                _set._lengths[p] = stream.Position;
                _writers[p]!.Dispose();
                stream.Dispose();
                _streams[p] = null;
                _writers[p] = null;
            }
        }
    }
}
