namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Gives memory freed by spilling back promptly. State just written to disk (or a merged partition just
/// emitted) is garbage in the oldest generation; left to the collector's own schedule it stays until the
/// next full collection, so the heap would hold the spilled state and the state that replaced it: about
/// twice the limit. Once an operator has freed a quarter of its limit (at least 8 MB, so that small limits
/// in tests do not collect all the time) it runs a full blocking collection: a few per limit's worth of
/// input, which keeps the heap near <c>state.memory.max</c>.
/// </summary>
internal sealed class SpillMemory(long limitBytes)
{
    private const long MinimumBytes = 8 * 1024 * 1024;

    private readonly long _threshold = Math.Max(MinimumBytes, limitBytes / 4);
    private long _freed;

    /// <summary>Full collections run so far.</summary>
    public int Collections { get; private set; }

    /// <summary>About <paramref name="bytes"/> of state became garbage.</summary>
    public void Freed(long bytes)
    {
        if (bytes <= 0) return;
        _freed += bytes;
        if (_freed < _threshold) return;
        _freed = 0;
        Collections++;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }
}
