namespace Bsql.Runtime.Lookup;

/// <summary>
/// An LRU cache of lookup results (misses included) with a size bound and a time to live. All operations
/// are O(1) (a dictionary into a doubly linked recency list) and thread-safe (one lock: entries are tiny and
/// the critical sections a few pointer moves). Time comes from a <see cref="TimeProvider"/> so expiry is testable.
/// </summary>
public sealed class LookupCache
{
    private readonly Dictionary<LookupKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _maxRows;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _hits;
    private long _misses;

    /// <summary>A cache of at most <paramref name="maxRows"/> keys, each kept <paramref name="ttl"/>.</summary>
    public LookupCache(int maxRows, TimeSpan ttl, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        _maxRows = maxRows;
        _ttl = ttl;
        _time = time ?? TimeProvider.System;
        _entries = new Dictionary<LookupKey, LinkedListNode<Entry>>(Math.Min(maxRows, 1 << 16));
    }

    /// <summary>Keys cached now (expired entries count until they are touched or evicted).</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups the cache could not answer.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The cached rows of <paramref name="key"/> (empty for a cached miss), if present and not expired.</summary>
    public bool TryGet(LookupKey key, out IReadOnlyList<object?[]> rows)
    {
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.ExpiresAt > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    rows = node.Value.Rows;
                    _hits++;
                    return true;
                }
                _recency.Remove(node);
                _entries.Remove(key);
            }
            _misses++;
        }
        rows = LookupOutcome.NoRows;
        return false;
    }

    /// <summary>Caches <paramref name="rows"/> (empty: a miss) for <paramref name="key"/>, evicting the least recently used key when full.</summary>
    public void Put(LookupKey key, IReadOnlyList<object?[]> rows)
    {
        var expiresAt = _time.GetUtcNow().UtcTicks + _ttl.Ticks;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                existing.Value = new Entry(key, rows, expiresAt);
                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return;
            }
            if (_entries.Count >= _maxRows)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
            _entries[key] = _recency.AddFirst(new Entry(key, rows, expiresAt));
        }
    }

    private readonly record struct Entry(LookupKey Key, IReadOnlyList<object?[]> Rows, long ExpiresAt);
}
