using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Right rows in memory: a list per key in arrival order, and an expiry queue holding, per key, the
/// earliest expiry among its rows (stale entries are skipped). Expiry prunes a key's list in one pass.
/// <see cref="Spill"/> moves every in-memory row to append-only segments, one per event-time bucket,
/// as framed records carrying the key hash; a segment is deleted (retired) once every row it can hold
/// has expired. Spilled rows are not probed here: the operator scans the segments once per fire-time
/// bucket for the keys about to fire (<see cref="SpilledRightCache"/>).
/// </summary>
internal sealed class LocalJoinRightState : IDelayedJoinRightState
{
    private const int FormatVersion = 2;
    private const int EntryOverhead = 40;

    private readonly long _retention;
    private readonly long _bucketMs;
    private readonly SpillFiles _files;
    private readonly Dictionary<RowKey, KeyRows> _rows = new(RowKeyLookup.Instance);
    private readonly Dictionary<RowKey, KeyRows>.AlternateLookup<KeyColumns> _byColumns;
    private readonly PriorityQueue<RowKey, long> _expiry = new();
    private readonly SortedDictionary<long, SegmentFile> _segments = [];
    private MemoryStream? _scratch;
    private int[] _keyColumns = [];

    /// <param name="retention">A row expires once the watermark reaches its time + this (W + D).</param>
    /// <param name="bucketMs">Width of an event-time bucket: one spill segment each.</param>
    /// <param name="directory">Where spill segments go (called at the first spill).</param>
    public LocalJoinRightState(long retention, long bucketMs, Func<string> directory)
    {
        _retention = retention;
        _bucketMs = Math.Max(1, bucketMs);
        _files = new SpillFiles(directory);
        _byColumns = _rows.GetAlternateLookup<KeyColumns>();
    }

    public long MemoryBytes { get; private set; }

    public long Count { get; private set; }

    public long ReleasedBytes { get; private set; }

    public long SpilledBytes { get; private set; }

    public long SpilledRows { get; private set; }

    public bool HasSpilled => _segments.Count > 0;

    public void Add(RowKey key, long time, object?[] row)
    {
        if (!_rows.TryGetValue(key, out var rows))
        {
            rows = new KeyRows();
            _rows.Add(key, rows);
            MemoryBytes += 64 + RowSizeEstimator.Estimate(key.Values, 0);
        }
        var size = RowSizeEstimator.Estimate(row, EntryOverhead);
        rows.Rows.Add(new TimedRow(time, 0, row, size));
        MemoryBytes += size;
        Count++;
        var expiry = Saturating(time, _retention);
        if (expiry < rows.Queued)
        {
            rows.Queued = expiry;
            _expiry.Enqueue(key, expiry);
        }
    }

    public void Probe(object?[] row, int[] keyColumns, long fromInclusive, long toExclusive, List<object?[]> matches)
    {
        if (!_byColumns.TryGetValue(new KeyColumns(row, keyColumns), out var rows)) return;
        foreach (var r in rows.Rows)
        {
            if (r.Time >= fromInclusive && r.Time < toExclusive) matches.Add(r.Row);
        }
    }

    public void Expire(long watermark)
    {
        while (_expiry.TryPeek(out var key, out var due) && due <= watermark)
        {
            _expiry.Dequeue();
            if (!_rows.TryGetValue(key, out var rows) || rows.Queued != due) continue;
            var next = long.MaxValue;
            var kept = 0;
            var list = rows.Rows;
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                var expiry = Saturating(r.Time, _retention);
                if (expiry <= watermark)
                {
                    MemoryBytes -= r.Size;
                    ReleasedBytes += r.Size;
                    Count--;
                    continue;
                }
                if (expiry < next) next = expiry;
                list[kept++] = r;
            }
            list.RemoveRange(kept, list.Count - kept);
            if (kept == 0)
            {
                _rows.Remove(key);
                MemoryBytes -= 64 + RowSizeEstimator.Estimate(key.Values, 0);
                continue;
            }
            rows.Queued = next;
            _expiry.Enqueue(key, next);
        }
        // A segment goes once its latest possible row (the bucket's last millisecond) has expired.
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
        if (_rows.Count == 0) return;
        var byBucket = new SortedDictionary<long, List<TimedRow>>();
        foreach (var (key, rows) in _rows)
        {
            if (_keyColumns.Length != key.Values.Length) _keyColumns = [.. Enumerable.Range(0, key.Values.Length)];
            var hash = (long)StableHash.OfColumns(key.Values, _keyColumns);
            foreach (var r in rows.Rows)
            {
                var index = Floor(r.Time);
                if (!byBucket.TryGetValue(index, out var list)) byBucket.Add(index, list = []);
                list.Add(new TimedRow(r.Time, hash, r.Row, 0));
            }
        }
        _scratch ??= new MemoryStream();
        foreach (var (index, list) in byBucket)
        {
            if (!_segments.TryGetValue(index, out var segment)) _segments.Add(index, segment = _files.Create("right", index));
            SpilledBytes += segment.AppendFramed(list, _scratch);
            SpilledRows += list.Count;
        }
        if (_scratch.Capacity > 1 << 20) _scratch = null;
        _rows.Clear();
        _expiry.Clear();
        ReleasedBytes += MemoryBytes;
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
        writer.Write(FormatVersion);
        writer.Write(_rows.Count);
        foreach (var (key, rows) in _rows)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(rows.Rows.Count);
            foreach (var r in rows.Rows)
            {
                writer.Write(r.Time);
                ValueCodec.WriteRow(writer, r.Row);
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
            var key = new RowKey(ValueCodec.ReadRow(reader));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var time = reader.ReadInt64();
                Add(key, time, ValueCodec.ReadRow(reader));
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

    private long Floor(long time) => time >= 0 ? time / _bucketMs : -((-time + _bucketMs - 1) / _bucketMs);

    private static long Saturating(long time, long add) => time > long.MaxValue - add ? long.MaxValue : time + add;

    private sealed class KeyRows
    {
        public List<TimedRow> Rows { get; } = [];

        /// <summary>The expiry time queued for this key (the earliest among its rows when queued).</summary>
        public long Queued { get; set; } = long.MaxValue;
    }
}
