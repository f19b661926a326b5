using System.Buffers;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Rows waiting for a fire time (the left rows of a delayed window join), bucketed by fire time.
/// A buffered row is no managed object: each bucket holds its rows as encoded records <c>fire time, seq, row</c>
/// (<see cref="RowRecordCodec"/>, the segment format) appended to byte chunks, which are pooled and reused once their
/// bucket fired or spilled. Under memory pressure the farthest buckets' chunks are appended as they are to append-only
/// segment files, one per bucket, read back once, sequentially, when the bucket comes due. Nothing is compacted or
/// rewritten. When a bucket starts firing, an index of (fire time, seq, position) is sorted; rows are decoded as they
/// are popped, in (fire time, arrival) order.
/// <para>
/// Checkpoints: <see cref="Snapshot"/> writes in-memory rows and names each segment by path and
/// length. A segment whose bucket fired is deleted only once a checkpoint taken after the firing
/// completes (an older checkpoint may still be restored and needs it).
/// </para>
/// </summary>
internal sealed class FireTimeBucketStore
{
    private const int FormatVersion = 1;

    /// <summary>Bytes counted per row besides its record: its index entry when the bucket fires, chunk slack.</summary>
    private const int RowOverhead = 24;

    /// <summary>Buckets up to this wide (the default is at most a minute) sort by counting their milliseconds.</summary>
    private const long MaxCountingSortMs = 1 << 20;

    private const int FirstChunkBytes = 4096;
    private const int ChunkBytes = 256 * 1024;


    private readonly long _bucketMs;
    private readonly SpillFiles _files;
    private readonly SortedDictionary<long, Bucket> _buckets = [];
    private readonly RowRecordCodec _codec = new();
    private readonly Stack<byte[]> _free = new();
    private readonly int _pooledChunks;
    private List<Entry>? _spareOrder;
    private readonly List<Entry> _unsorted = [];
    private int[] _counts = [];
    private Bucket? _last;

    /// <param name="bucketMs">Width of a fire-time bucket (one segment file per bucket).</param>
    /// <param name="directory">Where segments go (called once, at the first spill).</param>
    /// <param name="pooledBytes">Free chunks kept for reuse, at most (more become garbage).</param>
    public FireTimeBucketStore(long bucketMs, Func<string> directory, long pooledBytes = 32L << 20)
    {
        _bucketMs = Math.Max(1, bucketMs);
        _pooledChunks = (int)Math.Clamp(pooledBytes / ChunkBytes, 1, 1024);
        _files = new SpillFiles(directory);
    }

    /// <summary>Bytes of the rows held in memory (their records and a per-row overhead).</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Bytes of buffers dropped so far (chunks not kept for reuse, segments read back): garbage for the GC.</summary>
    public long ReleasedBytes { get; private set; }

    /// <summary>Rows held, in memory and spilled.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes written to segment files since start (or restore).</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Rows written to segment files since start (or restore).</summary>
    public long SpilledRows { get; private set; }

    /// <summary>Bytes read back from segment files.</summary>
    public long ReadBytes { get; private set; }

    /// <summary>Segment files currently live (not yet fired).</summary>
    public int LiveSegments => _buckets.Values.Count(b => b.Segment is not null);

    /// <summary>Width of a fire-time bucket in ms: bucket <c>i</c> holds fire times in <c>[i * BucketMs, (i + 1) * BucketMs)</c>.</summary>
    public long BucketMs => _bucketMs;

    /// <summary>Buffers <paramref name="row"/> until the watermark reaches <paramref name="fireTime"/>.</summary>
    public void Add(long fireTime, long seq, object?[] row)
    {
        var index = Floor(fireTime);
        var bucket = _last is not null && _last.Index == index ? _last : GetBucket(index);
        _last = bucket;
        _codec.Encode(fireTime, seq, row);
        var chunk = AppendRecord(bucket, _codec.Encoded, out var offset);
        if (bucket.Order is { } order)
        {
            // A row for a bucket that is already firing: keep (time, seq) order; seq is the largest so far.
            var lo = bucket.Head;
            var hi = order.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (order[mid].Time <= fireTime) lo = mid + 1; else hi = mid;
            }
            order.Insert(lo, new Entry(fireTime, seq, chunk, offset));
        }
        var size = _codec.EncodedLength + RowOverhead;
        bucket.Rows++;
        bucket.Bytes += size;
        MemoryBytes += size;
        Count++;
    }

    /// <summary>
    /// Moves the rows of the first bucket with fire time &lt;= <paramref name="watermark"/> to <paramref name="due"/>, in
    /// (time, seq) order; <paramref name="bucketIndex"/> is that bucket. One bucket per call, so that only one is loaded
    /// at a time. Returns true when the bucket was emptied and the next one may be due too (call again). Each row is decoded
    /// into a new array of at least <paramref name="width"/> slots (the slots past the row's own values are NULL).
    /// </summary>
    public bool PopDue(long watermark, List<TimedRow> due, int width, out long bucketIndex)
    {
        bucketIndex = long.MinValue;
        if (_buckets.Count == 0) return false;
        var bucket = First();
        bucketIndex = bucket.Index;
        if (bucket.Index > Floor(watermark)) return false;
        if (bucket.Segment is { } segment)
        {
            // Appended records of a bucket that was never sorted: the index below covers them too.
            // One read into a buffer from the shared pool, given back once the bucket fired.
            var length = checked((int)segment.Length);
            var data = ArrayPool<byte>.Shared.Rent(length);
            segment.ReadAll(data);
            ReadBytes += length;
            // First: spilled rows arrived before those in memory (ties in fire time then need no reordering).
            bucket.Chunks.Insert(0, new Chunk(data) { Used = length, Loaded = true });
            var bytes = length + (long)RowOverhead * segment.Rows;
            bucket.Rows += segment.Rows;
            bucket.Bytes += bytes;
            MemoryBytes += bytes;
            _files.Retire(segment.Path);
            bucket.Segment = null;
        }
        if (bucket.Order is null) Sort(bucket);
        var entries = bucket.Order!;
        while (bucket.Head < entries.Count && entries[bucket.Head].Time <= watermark)
        {
            var entry = entries[bucket.Head];
            var length = RowRecordCodec.Decode(bucket.Chunks[entry.Chunk].Data, entry.Offset, width, out var time, out var seq, out var row);
            var size = length + RowOverhead;
            due.Add(new TimedRow(time, seq, row, size));
            bucket.Head++;
            bucket.Rows--;
            bucket.Bytes -= size;
            MemoryBytes -= size;
            Count--;
        }
        if (bucket.Head < entries.Count) return false;
        _buckets.Remove(bucket.Index);
        if (ReferenceEquals(_last, bucket)) _last = null;
        ReleaseChunks(bucket);
        entries.Clear();
        _spareOrder = entries;
        bucket.Order = null;
        return true;
    }

    /// <summary>The rows of bucket <paramref name="bucketIndex"/> still waiting, if it is loaded (firing); else none.</summary>
    public IEnumerable<TimedRow> Waiting(long bucketIndex)
    {
        if (!_buckets.TryGetValue(bucketIndex, out var bucket) || bucket.Order is null) yield break;
        for (var i = bucket.Head; i < bucket.Order.Count; i++)
        {
            var entry = bucket.Order[i];
            var length = RowRecordCodec.Decode(bucket.Chunks[entry.Chunk].Data, entry.Offset, 0, out var time, out var seq, out var row);
            yield return new TimedRow(time, seq, row, length + RowOverhead);
        }
    }

    /// <summary>
    /// Appends the in-memory rows of the farthest buckets to their segments until at most
    /// <paramref name="targetBytes"/> stay in memory. The bucket holding <paramref name="watermark"/>
    /// (firing now) is never spilled.
    /// </summary>
    public void SpillFarthest(long targetBytes, long watermark)
    {
        if (MemoryBytes <= targetBytes) return;
        var firing = Floor(watermark);
        foreach (var bucket in _buckets.Values.Reverse().ToList())
        {
            if (MemoryBytes <= targetBytes) return;
            if (bucket.Index <= firing || bucket.Order is not null || bucket.Rows == 0) continue;
            bucket.Segment ??= _files.Create("left", bucket.Index);
            // The chunks hold the records in the segment's format: they are written as they are.
            var data = new byte[bucket.Chunks.Count][];
            var lengths = new int[bucket.Chunks.Count];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = bucket.Chunks[i].Data;
                lengths[i] = bucket.Chunks[i].Used;
            }
            SpilledBytes += bucket.Segment.AppendRecords(data, lengths, bucket.Rows);
            SpilledRows += bucket.Rows;
            MemoryBytes -= bucket.Bytes;
            bucket.Bytes = 0;
            bucket.Rows = 0;
            ReleaseChunks(bucket);
        }
    }

    /// <summary>A checkpoint is being taken: segments retired from now on may still be needed by it.</summary>
    public void BeginCheckpoint(long checkpointId) => _files.BeginCheckpoint(checkpointId);

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: segments fired before it are no longer needed.</summary>
    public void CheckpointComplete(long checkpointId) => _files.CheckpointComplete(checkpointId);

    /// <summary>Writes the store: in-memory rows by value (their records as they are), segments by path and length.</summary>
    public void Snapshot(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(_buckets.Count);
        foreach (var bucket in _buckets.Values)
        {
            writer.Write(bucket.Index);
            writer.Write(bucket.Segment?.Path ?? "");
            writer.Write(bucket.Segment?.Length ?? 0);
            writer.Write(bucket.Segment?.Rows ?? 0);
            writer.Write(bucket.Rows);
            if (bucket.Order is { } order)
            {
                for (var i = bucket.Head; i < order.Count; i++)
                {
                    var data = bucket.Chunks[order[i].Chunk].Data;
                    var length = RowRecordCodec.Measure(data, order[i].Offset, out _, out _);
                    writer.Write(data, order[i].Offset, length);
                }
            }
            else
            {
                foreach (var chunk in bucket.Chunks) writer.Write(chunk.Data, 0, chunk.Used);
            }
        }
    }

    /// <summary>Reads what <see cref="Snapshot"/> wrote (into an empty store), adopting the segments it names.</summary>
    public void Restore(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"delayed-join left state format {version} is not supported");
        var buckets = reader.ReadInt32();
        for (var b = 0; b < buckets; b++)
        {
            var bucket = GetBucket(reader.ReadInt64());
            var path = reader.ReadString();
            var length = reader.ReadInt64();
            var segmentRows = reader.ReadInt32();
            if (path.Length > 0)
            {
                bucket.Segment = SegmentFile.Adopt(path, length, segmentRows);
                Count += segmentRows;
            }
            var rows = reader.ReadInt32();
            for (var i = 0; i < rows; i++)
            {
                var time = reader.ReadInt64();
                var seq = reader.ReadInt64();
                Add(time, seq, ValueCodec.ReadRow(reader));
            }
        }
        // A restored operator must not delete segments an older checkpoint still names until its own checkpoint completes.
        _files.Restored();
    }

    /// <summary>
    /// Releases the store. With <paramref name="deleteFiles"/> (the job finished, or no checkpoint
    /// could name a segment) every segment is deleted; otherwise they stay for a restore.
    /// </summary>
    public void Close(bool deleteFiles)
    {
        if (deleteFiles) _files.DeleteAll(_buckets.Values.Where(b => b.Segment is not null).Select(b => b.Segment!.Path));
    }

    /// <summary>True once a checkpoint was taken or restored: segments may be named by one.</summary>
    public bool Checkpointed => _files.Checkpointed;

    private long Floor(long time) => time >= 0 ? time / _bucketMs : -((-time + _bucketMs - 1) / _bucketMs);

    private Bucket First()
    {
        using var e = _buckets.Values.GetEnumerator();
        e.MoveNext();
        return e.Current;
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

    private int AppendRecord(Bucket bucket, ReadOnlySpan<byte> record, out int offset)
    {
        var chunks = bucket.Chunks;
        var last = chunks.Count > 0 ? chunks[^1] : null;
        if (last is null || last.Loaded || last.Data.Length - last.Used < record.Length)
        {
            // Small buckets start small; a reused chunk is taken whole.
            var size = _free.Count > 0 ? ChunkBytes : last is null ? FirstChunkBytes : Math.Min(ChunkBytes, last.Data.Length * 2);
            var data = record.Length > size ? new byte[record.Length] : size == ChunkBytes && _free.TryPop(out var reused) ? reused : new byte[size];
            last = new Chunk(data);
            chunks.Add(last);
        }
        offset = last.Used;
        record.CopyTo(last.Data.AsSpan(offset));
        last.Used += record.Length;
        return chunks.Count - 1;
    }

    private void ReleaseChunks(Bucket bucket)
    {
        foreach (var chunk in bucket.Chunks)
        {
            if (chunk.Loaded) ArrayPool<byte>.Shared.Return(chunk.Data);
            else if (chunk.Data.Length == ChunkBytes && _free.Count < _pooledChunks) _free.Push(chunk.Data);
            else ReleasedBytes += chunk.Data.Length;
        }
        bucket.Chunks.Clear();
    }

    private void Sort(Bucket bucket)
    {
        var order = _spareOrder ?? [];
        _spareOrder = null;
        _unsorted.Clear();
        for (var c = 0; c < bucket.Chunks.Count; c++)
        {
            var chunk = bucket.Chunks[c];
            var offset = 0;
            while (offset < chunk.Used)
            {
                var length = RowRecordCodec.Measure(chunk.Data, offset, out var time, out var seq);
                _unsorted.Add(new Entry(time, seq, c, offset));
                offset += length;
            }
        }
        // A counting sort by fire time (every time of the bucket is in [start, start + BucketMs), at most a minute of
        // milliseconds), then ties put in seq order: an insertion pass, since records come mostly in arrival order.
        bucket.Order = order;
        bucket.Head = 0;
        if (_bucketMs > MaxCountingSortMs)
        {
            order.AddRange(_unsorted);
            _unsorted.Clear();
            order.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Seq.CompareTo(b.Seq));
            return;
        }
        var start = bucket.Index * _bucketMs;
        if (_counts.Length < _bucketMs + 1) _counts = new int[_bucketMs + 1];
        var counts = _counts.AsSpan(0, (int)_bucketMs + 1);
        counts.Clear();
        foreach (var entry in _unsorted) counts[(int)(entry.Time - start) + 1]++;
        for (var i = 1; i < counts.Length; i++) counts[i] += counts[i - 1];
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(order, _unsorted.Count);
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order);
        foreach (var entry in _unsorted) sorted[counts[(int)(entry.Time - start)]++] = entry;
        for (var i = 1; i < sorted.Length; i++)
        {
            var entry = sorted[i];
            var j = i - 1;
            while (j >= 0 && sorted[j].Time == entry.Time && sorted[j].Seq > entry.Seq)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = entry;
        }
        _unsorted.Clear();
    }

    /// <summary>A row of a firing bucket: its fire time, arrival sequence and where its record is.</summary>
    private readonly record struct Entry(long Time, long Seq, int Chunk, int Offset);

    private sealed class Chunk(byte[] data)
    {
        public byte[] Data { get; } = data;

        public int Used { get; set; }

        /// <summary>A segment read back (a buffer of the shared array pool, returned there).</summary>
        public bool Loaded { get; init; }
    }

    private sealed class Bucket(long index)
    {
        public long Index { get; } = index;

        /// <summary>The records held in memory, in arrival order within each chunk.</summary>
        public List<Chunk> Chunks { get; } = [];

        /// <summary>Rows held in memory (not yet fired).</summary>
        public int Rows { get; set; }

        /// <summary>Once the bucket fires: its rows in (time, seq) order; those before <see cref="Head"/> were fired.</summary>
        public List<Entry>? Order { get; set; }

        public int Head { get; set; }

        public long Bytes { get; set; }

        public SegmentFile? Segment { get; set; }
    }
}
