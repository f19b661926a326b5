namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Gives memory freed by a spill back at once. State that was just written to disk is garbage in the
/// oldest generation; left to the collector's own schedule it stays until the next full collection,
/// so the heap would hold the spilled state and the state that replaces it: about twice the limit.
/// After a large spill (a quarter of the limit or more, so at most a few collections per limit's
/// worth of input) a full blocking collection keeps the heap near <c>state.memory.max</c>.
/// </summary>
internal static class SpillMemory
{
    /// <summary>Estimated bytes below which a spill does not collect (small limits in tests).</summary>
    private const long MinimumBytes = 8 * 1024 * 1024;

    /// <summary>A spill freed about <paramref name="freedBytes"/> bytes of state.</summary>
    public static void Freed(long freedBytes)
    {
        if (freedBytes < MinimumBytes) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }
}
