using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// The spilled right rows that the left rows of one fire-time bucket can match, read from the right
/// segments in one sequential pass when the bucket starts firing. A left row of a bucket with fire
/// times in <c>[s, e)</c> has <c>a.t</c> in <c>[s - W - D, e - W - D)</c>, so it can only match right rows
/// with <c>b.t</c> in <c>[s - W - D, e - D)</c>: the scan reads the segments of that range, skips records
/// whose key hash is not among the bucket's left keys without decoding them, and keeps the rest by key.
/// Later passes over the same bucket read only what was appended since (a spill while the bucket fires)
/// or, for left keys not seen before (a left row added to the firing bucket), the whole range again.
/// </summary>
internal sealed class SpilledRightCache
{
    private readonly int[] _rightKeys;
    private readonly Dictionary<RowKey, List<TimedRow>> _rows = [];
    private readonly HashSet<RowKey> _keys = [];
    private readonly HashSet<ulong> _hashes = [];
    private readonly HashSet<ulong> _newHashes = [];
    private readonly HashSet<RowKey> _newKeys = [];
    private readonly Dictionary<string, long> _scanned = [];
    private long _bucket = long.MinValue;
    private long _from;
    private long _to;

    /// <param name="rightKeys">The join key columns of a right row.</param>
    public SpilledRightCache(int[] rightKeys) => _rightKeys = rightKeys;

    /// <summary>The fire-time bucket the cached rows are for (<see cref="long.MinValue"/>: none).</summary>
    public long Bucket => _bucket;

    /// <summary>Estimated bytes of the rows held.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Estimated bytes of rows dropped so far: garbage for the GC.</summary>
    public long ReleasedBytes { get; private set; }

    /// <summary>Bytes of segments read so far.</summary>
    public long ScannedBytes { get; private set; }

    /// <summary>Right rows decoded (their key hash matched a left key) so far.</summary>
    public long DecodedRows { get; private set; }

    /// <summary>
    /// Makes <see cref="Probe"/> see every spilled row of <paramref name="right"/> with a key of <paramref name="keys"/> and
    /// time in <c>[<paramref name="from"/>, <paramref name="to"/>)</c>, for fire-time bucket <paramref name="bucket"/>
    /// (another bucket than last time starts afresh).
    /// </summary>
    public void Prepare(long bucket, long from, long to, IEnumerable<(RowKey Key, ulong Hash)> keys, IDelayedJoinRightState right)
    {
        if (bucket != _bucket)
        {
            Clear();
            _bucket = bucket;
            _from = from;
            _to = to;
        }
        _newKeys.Clear();
        _newHashes.Clear();
        foreach (var (key, hash) in keys)
        {
            if (_keys.Contains(key) || !_newKeys.Add(key)) continue;
            _newHashes.Add(hash);
        }
        foreach (var (segment, length) in right.SpilledSegments(_from, _to))
        {
            var done = _scanned.GetValueOrDefault(segment.Path);
            var start = _newKeys.Count > 0 ? 0 : done;
            if (start >= length) continue;
            // Below `done` the known keys were already read: only new keys are wanted there.
            segment.ScanFramed(start, length,
                (time, hash, offset) => time >= _from && time < _to && (_newHashes.Contains(hash) || (offset >= done && _hashes.Contains(hash))),
                (time, offset, row) =>
                {
                    var key = RowKey.Of(row, _rightKeys);
                    if (!_newKeys.Contains(key) && !(offset >= done && _keys.Contains(key))) return;
                    if (!_rows.TryGetValue(key, out var list)) _rows.Add(key, list = []);
                    var size = RowSizeEstimator.Estimate(row, 40);
                    list.Add(new TimedRow(time, 0, row, size));
                    MemoryBytes += size;
                    DecodedRows++;
                });
            ScannedBytes += length - start;
            _scanned[segment.Path] = length;
        }
        foreach (var key in _newKeys) _keys.Add(key);
        foreach (var hash in _newHashes) _hashes.Add(hash);
    }

    /// <summary>Adds to <paramref name="matches"/> the cached rows of <paramref name="key"/> with time in <c>[from, to)</c>.</summary>
    public void Probe(RowKey key, long fromInclusive, long toExclusive, List<object?[]> matches)
    {
        if (!_rows.TryGetValue(key, out var rows)) return;
        foreach (var r in rows)
        {
            if (r.Time >= fromInclusive && r.Time < toExclusive) matches.Add(r.Row);
        }
    }

    /// <summary>Forgets everything (the bucket fired, or state was restored).</summary>
    public void Clear()
    {
        _rows.Clear();
        _keys.Clear();
        _hashes.Clear();
        _scanned.Clear();
        _bucket = long.MinValue;
        ReleasedBytes += MemoryBytes;
        MemoryBytes = 0;
    }

    /// <summary>The key hash of a left row's join key (equal to the hash a right row of the same key was spilled with).</summary>
    public static ulong Hash(object?[] row, int[] keys) => StableHash.OfColumns(row, keys);
}
