namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Right rows in memory: a list per key in arrival order, and an expiry queue holding, per key, the
/// earliest expiry among its rows (stale entries are skipped). Expiry prunes a key's list in one pass.
/// </summary>
internal sealed class LocalJoinRightState : IDelayedJoinRightState
{
    private const int FormatVersion = 1;
    private const int EntryOverhead = 40;

    private readonly long _retention;
    private readonly Dictionary<RowKey, KeyRows> _rows = [];
    private readonly PriorityQueue<RowKey, long> _expiry = new();

    /// <param name="retention">A row expires once the watermark reaches its time + this (W + D).</param>
    public LocalJoinRightState(long retention) => _retention = retention;

    public long MemoryBytes { get; private set; }

    public long Count { get; private set; }

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

    public void Probe(RowKey key, long fromInclusive, long toExclusive, List<object?[]> matches)
    {
        if (!_rows.TryGetValue(key, out var rows)) return;
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
    }

    private static long Saturating(long time, long add) => time > long.MaxValue - add ? long.MaxValue : time + add;

    private sealed class KeyRows
    {
        public List<TimedRow> Rows { get; } = [];

        /// <summary>The expiry time queued for this key (the earliest among its rows when queued).</summary>
        public long Queued { get; set; } = long.MaxValue;
    }
}
