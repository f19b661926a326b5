namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Rows waiting for a fire time (the left rows of a delayed window join), bucketed by fire time.
/// The near future stays in memory; under memory pressure the farthest buckets are appended to
/// append-only segment files, one per bucket, read back once, sequentially, when the bucket comes
/// due. Nothing is compacted or rewritten. Rows come out in (fire time, arrival) order.
/// <para>
/// Checkpoints: <see cref="Snapshot"/> writes in-memory rows and names each segment by path and
/// length. A segment whose bucket fired is deleted only once a checkpoint taken after the firing
/// completes (an older checkpoint may still be restored and needs it).
/// </para>
/// </summary>
internal sealed class FireTimeBucketStore
{
    private const int FormatVersion = 1;

    private readonly long _bucketMs;
    private readonly SpillFiles _files;
    private readonly Func<object?[], int> _size;
    private readonly SortedDictionary<long, Bucket> _buckets = [];
    private Bucket? _last;

    /// <param name="bucketMs">Width of a fire-time bucket (one segment file per bucket).</param>
    /// <param name="directory">Where segments go (called once, at the first spill).</param>
    /// <param name="size">Estimated bytes of a row in memory.</param>
    public FireTimeBucketStore(long bucketMs, Func<string> directory, Func<object?[], int> size)
    {
        _bucketMs = Math.Max(1, bucketMs);
        _files = new SpillFiles(directory);
        _size = size;
    }

    /// <summary>Estimated bytes of the rows held in memory.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Estimated bytes that left memory so far (rows fired or spilled): garbage for the GC.</summary>
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
        var entry = new TimedRow(fireTime, seq, row, _size(row));
        if (bucket.Sorted)
        {
            // A row for a bucket that is already firing: keep (time, seq) order; seq is the largest so far.
            var lo = bucket.Head;
            var hi = bucket.Rows.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (bucket.Rows[mid].Time <= fireTime) lo = mid + 1; else hi = mid;
            }
            bucket.Rows.Insert(lo, entry);
        }
        else
        {
            bucket.Rows.Add(entry);
        }
        bucket.Bytes += entry.Size;
        MemoryBytes += entry.Size;
        Count++;
    }

    /// <summary>
    /// Moves the rows of the first bucket with fire time &lt;= <paramref name="watermark"/> to <paramref name="due"/>, in
    /// (time, seq) order; <paramref name="bucketIndex"/> is that bucket. One bucket per call, so that only one is loaded
    /// at a time. Returns true when the bucket was emptied and the next one may be due too (call again).
    /// </summary>
    public bool PopDue(long watermark, List<TimedRow> due, out long bucketIndex)
    {
        bucketIndex = long.MinValue;
        if (_buckets.Count == 0) return false;
        var bucket = First();
        bucketIndex = bucket.Index;
        if (bucket.Index > Floor(watermark)) return false;
        if (bucket.Segment is { } segment)
        {
            var before = bucket.Rows.Count;
            segment.ReadAll(bucket.Rows, _size);
            ReadBytes += segment.Length;
            for (var i = before; i < bucket.Rows.Count; i++)
            {
                bucket.Bytes += bucket.Rows[i].Size;
                MemoryBytes += bucket.Rows[i].Size;
            }
            _files.Retire(segment.Path);
            bucket.Segment = null;
            bucket.Sorted = false;
        }
        if (!bucket.Sorted)
        {
            bucket.Rows.RemoveRange(0, bucket.Head);
            bucket.Head = 0;
            bucket.Rows.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Seq.CompareTo(b.Seq));
            bucket.Sorted = true;
        }
        var rows = bucket.Rows;
        while (bucket.Head < rows.Count && rows[bucket.Head].Time <= watermark)
        {
            var entry = rows[bucket.Head];
            due.Add(entry);
            rows[bucket.Head] = default;
            bucket.Head++;
            bucket.Bytes -= entry.Size;
            MemoryBytes -= entry.Size;
            ReleasedBytes += entry.Size;
            Count--;
        }
        if (bucket.Head < rows.Count)
        {
            if (bucket.Head > 4096 && bucket.Head > rows.Count / 2)
            {
                rows.RemoveRange(0, bucket.Head);
                bucket.Head = 0;
            }
            return false;
        }
        _buckets.Remove(bucket.Index);
        if (ReferenceEquals(_last, bucket)) _last = null;
        return true;
    }

    /// <summary>The rows of bucket <paramref name="bucketIndex"/> still waiting, if it is loaded (firing); else none.</summary>
    public IEnumerable<TimedRow> Waiting(long bucketIndex)
    {
        if (!_buckets.TryGetValue(bucketIndex, out var bucket) || !bucket.Sorted) yield break;
        for (var i = bucket.Head; i < bucket.Rows.Count; i++) yield return bucket.Rows[i];
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
            if (bucket.Index <= firing || bucket.Sorted || bucket.Rows.Count == bucket.Head) continue;
            bucket.Segment ??= _files.Create("left", bucket.Index);
            var rows = bucket.Rows.Count - bucket.Head;
            var written = bucket.Segment.Append(bucket.Rows, bucket.Head);
            SpilledBytes += written;
            SpilledRows += rows;
            MemoryBytes -= bucket.Bytes;
            ReleasedBytes += bucket.Bytes;
            bucket.Bytes = 0;
            bucket.Rows.Clear();
            bucket.Rows.TrimExcess();
            bucket.Head = 0;
        }
    }

    /// <summary>A checkpoint is being taken: segments retired from now on may still be needed by it.</summary>
    public void BeginCheckpoint(long checkpointId) => _files.BeginCheckpoint(checkpointId);

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: segments fired before it are no longer needed.</summary>
    public void CheckpointComplete(long checkpointId) => _files.CheckpointComplete(checkpointId);

    /// <summary>Writes the store: in-memory rows by value, segments by path and length.</summary>
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
            writer.Write(bucket.Rows.Count - bucket.Head);
            for (var i = bucket.Head; i < bucket.Rows.Count; i++)
            {
                var r = bucket.Rows[i];
                writer.Write(r.Time);
                writer.Write(r.Seq);
                ValueCodec.WriteRow(writer, r.Row);
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
                var row = ValueCodec.ReadRow(reader);
                var entry = new TimedRow(time, seq, row, _size(row));
                bucket.Rows.Add(entry);
                bucket.Bytes += entry.Size;
                MemoryBytes += entry.Size;
                Count++;
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

    private sealed class Bucket(long index)
    {
        public long Index { get; } = index;

        /// <summary>In-memory rows; once <see cref="Sorted"/>, rows before <see cref="Head"/> were fired.</summary>
        public List<TimedRow> Rows { get; } = [];

        public int Head { get; set; }

        public bool Sorted { get; set; }

        public long Bytes { get; set; }

        public SegmentFile? Segment { get; set; }
    }
}
