using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Right rows in memory, as no managed objects: each row is a framed record <c>time, key hash, length, row</c>
/// (<see cref="RowRecordCodec.EncodeFramed"/>, the right-segment format) in the byte chunks of its event-time bucket,
/// found through a hash table of struct entries (key hash → chain of entries, newest first). A probe walks the chain
/// of the left key's hash, decodes the rows in the time range and keeps those whose key really is equal. Rows leave
/// memory a bucket at a time, once the bucket's last possible row has expired (<c>bucket end + W + D &lt;= w</c>): a row
/// kept past its own expiry can match no left row still to fire (docs/design.md, "Delayed window join").
/// <see cref="Spill"/> appends every bucket's chunks, as they are, to the append-only segment of the bucket; a segment is
/// deleted (retired) once every row it can hold has expired. Spilled rows are not probed here: the operator scans the
/// segments once per fire-time bucket for the keys about to fire (<see cref="SpilledRightCache"/>).
/// </summary>
internal sealed class LocalJoinRightState : IDelayedJoinRightState
{
    private const int FormatVersion = 2;

    /// <summary>Bytes counted per row besides its record: its entry and hash-table slot.</summary>
    private const int EntryOverhead = 40;

    private const int FirstChunkBytes = 4096;
    private const int ChunkBytes = 256 * 1024;

    private readonly long _retention;
    private readonly long _bucketMs;
    private readonly int[] _keyColumns;
    private readonly SpillFiles _files;
    private readonly SortedDictionary<long, Bucket> _buckets = [];
    private readonly SortedDictionary<long, SegmentFile> _segments = [];
    private readonly RowRecordCodec _codec = new();
    private readonly Stack<byte[]> _free = new();
    private readonly int _pooledChunks;
    private readonly List<byte[]?> _chunks = [];
    private readonly Stack<int> _freeChunkIds = new();
    private readonly List<int> _found = [];
    private readonly HashSet<int> _slots = [];
    private Entry[] _entries = new Entry[64];
    private int _entryCount;
    private int _freeEntry = -1;
    private int[] _heads = NewHeads(64);
    private int _live;
    private ulong[] _filter = new ulong[128];
    private long _filterStale;
    private Bucket? _last;

    /// <param name="retention">A row expires once the watermark reaches its time + this (W + D).</param>
    /// <param name="bucketMs">Width of an event-time bucket: one spill segment each.</param>
    /// <param name="keyColumns">The join key columns of a right row.</param>
    /// <param name="directory">Where spill segments go (called at the first spill).</param>
    /// <param name="pooledBytes">Free chunks kept for reuse, at most (more become garbage).</param>
    public LocalJoinRightState(long retention, long bucketMs, int[] keyColumns, Func<string> directory, long pooledBytes = 8L << 20)
    {
        _pooledChunks = (int)Math.Clamp(pooledBytes / ChunkBytes, 1, 1024);
        _retention = retention;
        _bucketMs = Math.Max(1, bucketMs);
        _keyColumns = keyColumns;
        _files = new SpillFiles(directory);
    }

    public long MemoryBytes { get; private set; }

    public long Count { get; private set; }

    public long ReleasedBytes { get; private set; }

    public long SpilledBytes { get; private set; }

    public long SpilledRows { get; private set; }

    public bool HasSpilled => _segments.Count > 0;

    public void Add(object?[] row, long time)
    {
        var hash = StableHash.OfColumns(row, _keyColumns);
        _codec.EncodeFramed(time, hash, row);
        var index = Floor(time);
        var bucket = _last is not null && _last.Index == index ? _last : GetBucket(index);
        _last = bucket;
        var chunkId = AppendRecord(bucket, _codec.Encoded, out var offset);
        if (_live >= _heads.Length) Rehash(_heads.Length * 2);
        var e = NewEntry();
        var slot = (int)hash & (_heads.Length - 1);
        _entries[e] = new Entry(hash, time, _heads[slot], chunkId, offset);
        _heads[slot] = e;
        _live++;
        bucket.Entries.Add(e);
        if ((long)_live * FilterBitsPerRow > (long)_filter.Length * 64) RebuildFilter();
        else FilterAdd(hash);
        var size = _codec.EncodedLength + EntryOverhead;
        bucket.Bytes += size;
        MemoryBytes += size;
        Count++;
    }

    public void Probe(object?[] row, int[] keyColumns, long fromInclusive, long toExclusive, List<object?[]> matches)
    {
        if (_live == 0) return;
        var hash = StableHash.OfColumns(row, keyColumns);
        // Most left rows have no right row: the filter (in cache) answers for them without touching the table.
        if (!FilterMayContain(hash)) return;
        _found.Clear();
        for (var e = _heads[(int)hash & (_heads.Length - 1)]; e >= 0; e = _entries[e].Next)
        {
            ref var entry = ref _entries[e];
            if (entry.Hash == hash && entry.Time >= fromInclusive && entry.Time < toExclusive) _found.Add(e);
        }
        // The chain is newest first: matches go out in arrival order.
        for (var i = _found.Count - 1; i >= 0; i--)
        {
            var entry = _entries[_found[i]];
            RowRecordCodec.DecodeRow(_chunks[entry.Chunk]!, entry.Offset + RowRecordCodec.FramedHeader, 0, out var right);
            if (SameKey(row, keyColumns, right)) matches.Add(right);
        }
    }

    public void Expire(long watermark)
    {
        // A bucket goes once its latest possible row (the bucket's last millisecond) has expired.
        while (_buckets.Count > 0)
        {
            var bucket = First(_buckets);
            if (Saturating(bucket.Index * _bucketMs + _bucketMs - 1, _retention) > watermark) break;
            _buckets.Remove(bucket.Index);
            if (ReferenceEquals(_last, bucket)) _last = null;
            Unlink(bucket.Entries);
            Count -= bucket.Entries.Count;
            MemoryBytes -= bucket.Bytes;
            ReleaseChunks(bucket);
        }
        while (_segments.Count > 0)
        {
            var (index, segment) = _segments.First();
            if (Saturating(index * _bucketMs + _bucketMs - 1, _retention) > watermark) break;
            _segments.Remove(index);
            Count -= segment.Rows;
            _files.Retire(segment.Path);
        }
    }

    public void Spill()
    {
        if (_buckets.Count == 0) return;
        foreach (var bucket in _buckets.Values)
        {
            if (bucket.Entries.Count == 0) continue;
            if (!_segments.TryGetValue(bucket.Index, out var segment)) _segments.Add(bucket.Index, segment = _files.Create("right", bucket.Index));
            // The chunks hold framed records in the segment's format: they are written as they are.
            var data = new byte[bucket.ChunkIds.Count][];
            var lengths = new int[data.Length];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = _chunks[bucket.ChunkIds[i]]!;
                lengths[i] = bucket.Used[i];
            }
            SpilledBytes += segment.AppendRecords(data, lengths, bucket.Entries.Count);
            SpilledRows += bucket.Entries.Count;
            ReleaseChunks(bucket);
        }
        _buckets.Clear();
        _last = null;
        Array.Fill(_heads, -1);
        _entryCount = 0;
        _freeEntry = -1;
        _live = 0;
        RebuildFilter();
        MemoryBytes = 0;
    }

    public IReadOnlyList<(SegmentFile Segment, long Length)> SpilledSegments(long fromInclusive, long toExclusive)
    {
        if (_segments.Count == 0 || fromInclusive >= toExclusive) return [];
        var first = Floor(fromInclusive);
        var last = Floor(toExclusive - 1);
        var result = new List<(SegmentFile, long)>();
        foreach (var (index, segment) in _segments)
        {
            if (index > last) break;
            if (index >= first) result.Add((segment, segment.Length));
        }
        return result;
    }

    public void Snapshot(BinaryWriter writer)
    {
        // By key, each key's rows in arrival order (the format of the per-key lists this store used to keep).
        var byKey = new Dictionary<RowKey, List<(long Time, object?[] Row)>>();
        foreach (var bucket in _buckets.Values)
        {
            foreach (var e in bucket.Entries)
            {
                var entry = _entries[e];
                RowRecordCodec.DecodeRow(_chunks[entry.Chunk]!, entry.Offset + RowRecordCodec.FramedHeader, 0, out var row);
                var key = RowKey.Of(row, _keyColumns);
                if (!byKey.TryGetValue(key, out var rows)) byKey.Add(key, rows = []);
                rows.Add((entry.Time, row));
            }
        }
        writer.Write(FormatVersion);
        writer.Write(byKey.Count);
        foreach (var (key, rows) in byKey)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(rows.Count);
            foreach (var (time, row) in rows)
            {
                writer.Write(time);
                ValueCodec.WriteRow(writer, row);
            }
        }
        writer.Write(_segments.Count);
        foreach (var (index, segment) in _segments)
        {
            writer.Write(index);
            writer.Write(segment.Path);
            writer.Write(segment.Length);
            writer.Write(segment.Rows);
        }
    }

    public void Restore(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"delayed-join right state format {version} is not supported");
        var keys = reader.ReadInt32();
        for (var k = 0; k < keys; k++)
        {
            ValueCodec.ReadRow(reader);
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var time = reader.ReadInt64();
                Add(ValueCodec.ReadRow(reader), time);
            }
        }
        var segments = reader.ReadInt32();
        for (var s = 0; s < segments; s++)
        {
            var index = reader.ReadInt64();
            var segment = SegmentFile.Adopt(reader.ReadString(), reader.ReadInt64(), reader.ReadInt32());
            _segments.Add(index, segment);
            Count += segment.Rows;
        }
        _files.Restored();
    }

    public void BeginCheckpoint(long checkpointId) => _files.BeginCheckpoint(checkpointId);

    public void CheckpointComplete(long checkpointId) => _files.CheckpointComplete(checkpointId);

    public void Close(bool deleteFiles)
    {
        if (deleteFiles) _files.DeleteAll(_segments.Values.Select(s => s.Path));
    }

    private bool SameKey(object?[] left, int[] leftColumns, object?[] right)
    {
        for (var i = 0; i < leftColumns.Length; i++)
        {
            if (!RowKey.ValueEquals(left[leftColumns[i]], right[_keyColumns[i]])) return false;
        }
        return true;
    }

    /// <summary>
    /// The key-hash filter: two bits per row among about <see cref="FilterBitsPerRow"/> per row (≈ 5 % false positives),
    /// 1 MB for the benchmark's 560 k right rows. Bits of removed rows stay (false positives only) until they outnumber
    /// the live rows, then the filter is rebuilt from the live entries.
    /// </summary>
    private const int FilterBitsPerRow = 8;

    private void FilterAdd(ulong hash)
    {
        var mask = (ulong)_filter.Length * 64 - 1;
        var a = (hash >> 40) & mask;
        var b = (hash >> 20) & mask;
        _filter[a >> 6] |= 1UL << (int)(a & 63);
        _filter[b >> 6] |= 1UL << (int)(b & 63);
    }

    private bool FilterMayContain(ulong hash)
    {
        var mask = (ulong)_filter.Length * 64 - 1;
        var a = (hash >> 40) & mask;
        var b = (hash >> 20) & mask;
        return (_filter[a >> 6] & (1UL << (int)(a & 63))) != 0 && (_filter[b >> 6] & (1UL << (int)(b & 63))) != 0;
    }

    private void RebuildFilter()
    {
        var words = 128;
        while ((long)words * 64 < (long)_live * FilterBitsPerRow * 2) words *= 2;
        if (words != _filter.Length) _filter = new ulong[words];
        else Array.Clear(_filter);
        foreach (var bucket in _buckets.Values)
        {
            foreach (var e in bucket.Entries) FilterAdd(_entries[e].Hash);
        }
        _filterStale = 0;
    }

    private int NewEntry()
    {
        if (_freeEntry >= 0)
        {
            var e = _freeEntry;
            _freeEntry = _entries[e].Next;
            return e;
        }
        if (_entryCount == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        return _entryCount++;
    }

    /// <summary>
    /// Takes <paramref name="entries"/> out of their chains: marks them, then walks each chain they are on once, so that a
    /// key with many rows (a long chain) costs one walk per expired bucket, not one per row.
    /// </summary>
    private void Unlink(List<int> entries)
    {
        _slots.Clear();
        foreach (var e in entries)
        {
            _entries[e].Dead = true;
            _slots.Add((int)_entries[e].Hash & (_heads.Length - 1));
        }
        foreach (var slot in _slots)
        {
            var prev = -1;
            for (var e = _heads[slot]; e >= 0;)
            {
                var next = _entries[e].Next;
                if (_entries[e].Dead)
                {
                    if (prev < 0) _heads[slot] = next; else _entries[prev].Next = next;
                    _entries[e].Next = _freeEntry;
                    _freeEntry = e;
                }
                else
                {
                    prev = e;
                }
                e = next;
            }
        }
        _live -= entries.Count;
        _filterStale += entries.Count;
        if (_filterStale > _live) RebuildFilter();
    }

    private void Rehash(int size)
    {
        var old = _heads;
        _heads = NewHeads(size);
        // An old chain splits into chains of its own (the new slot's low bits are the old slot): re-linking it oldest
        // first keeps every chain newest first, in arrival order.
        foreach (var head in old)
        {
            _found.Clear();
            for (var e = head; e >= 0; e = _entries[e].Next) _found.Add(e);
            for (var i = _found.Count - 1; i >= 0; i--)
            {
                var e = _found[i];
                var slot = (int)_entries[e].Hash & (size - 1);
                _entries[e].Next = _heads[slot];
                _heads[slot] = e;
            }
        }
    }

    private static int[] NewHeads(int size)
    {
        var heads = new int[size];
        Array.Fill(heads, -1);
        return heads;
    }

    private int AppendRecord(Bucket bucket, ReadOnlySpan<byte> record, out int offset)
    {
        var ids = bucket.ChunkIds;
        var last = ids.Count - 1;
        if (last < 0 || _chunks[ids[last]]!.Length - bucket.Used[last] < record.Length)
        {
            var size = _free.Count > 0 ? ChunkBytes : last < 0 ? FirstChunkBytes : Math.Min(ChunkBytes, _chunks[ids[last]]!.Length * 2);
            var data = record.Length > size ? new byte[record.Length] : size == ChunkBytes && _free.TryPop(out var reused) ? reused : new byte[size];
            int id;
            if (_freeChunkIds.TryPop(out id)) _chunks[id] = data;
            else
            {
                id = _chunks.Count;
                _chunks.Add(data);
            }
            ids.Add(id);
            bucket.Used.Add(0);
            last++;
        }
        offset = bucket.Used[last];
        record.CopyTo(_chunks[ids[last]].AsSpan(offset));
        bucket.Used[last] += record.Length;
        return ids[last];
    }

    private void ReleaseChunks(Bucket bucket)
    {
        foreach (var id in bucket.ChunkIds)
        {
            var data = _chunks[id]!;
            if (data.Length == ChunkBytes && _free.Count < _pooledChunks) _free.Push(data);
            else ReleasedBytes += data.Length;
            _chunks[id] = null;
            _freeChunkIds.Push(id);
        }
        bucket.ChunkIds.Clear();
        bucket.Used.Clear();
        bucket.Entries.Clear();
        bucket.Bytes = 0;
    }

    private Bucket GetBucket(long index)
    {
        if (!_buckets.TryGetValue(index, out var bucket))
        {
            bucket = new Bucket(index);
            _buckets.Add(index, bucket);
        }
        return bucket;
    }

    private static Bucket First(SortedDictionary<long, Bucket> buckets)
    {
        using var e = buckets.Values.GetEnumerator();
        e.MoveNext();
        return e.Current;
    }

    private long Floor(long time) => time >= 0 ? time / _bucketMs : -((-time + _bucketMs - 1) / _bucketMs);

    private static long Saturating(long time, long add) => time > long.MaxValue - add ? long.MaxValue : time + add;

    /// <summary>A row in memory: its key hash, event time, the next entry of its hash chain and where its record is.</summary>
    private struct Entry(ulong hash, long time, int next, int chunk, int offset)
    {
        public readonly ulong Hash = hash;
        public readonly long Time = time;
        public int Next = next;
        public readonly int Chunk = chunk;
        public readonly int Offset = offset;

        /// <summary>Its bucket expired: to be unlinked.</summary>
        public bool Dead;
    }

    private sealed class Bucket(long index)
    {
        public long Index { get; } = index;

        /// <summary>Ids (in the store's chunk table) of the chunks holding this bucket's records, in order.</summary>
        public List<int> ChunkIds { get; } = [];

        /// <summary>Bytes used in each chunk.</summary>
        public List<int> Used { get; } = [];

        /// <summary>The entries of this bucket's rows, in arrival order.</summary>
        public List<int> Entries { get; } = [];

        public long Bytes { get; set; }
    }
}
