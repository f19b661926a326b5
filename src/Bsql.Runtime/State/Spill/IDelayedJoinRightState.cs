namespace Bsql.Runtime.State.Spill;

/// <summary>
/// The right-side rows of a delayed window join, by join key. A row is kept until the watermark
/// reaches its time plus the retention (<c>W + D</c>: see docs/design.md, "Delayed window join").
/// The embedded implementation keeps rows in memory (local to a subtask, or shared by the subtasks
/// of a <c>LEFT(GLOBAL)</c> join); a Redis implementation can plug in behind the same calls.
/// </summary>
public interface IDelayedJoinRightState
{
    /// <summary>Estimated bytes held in memory.</summary>
    long MemoryBytes { get; }

    /// <summary>Rows held.</summary>
    long Count { get; }

    /// <summary>Keeps <paramref name="row"/> (event time <paramref name="time"/>) under <paramref name="key"/>.</summary>
    void Add(RowKey key, long time, object?[] row);

    /// <summary>Adds to <paramref name="matches"/>, in arrival order, the rows of <paramref name="key"/> with <paramref name="fromInclusive"/> &lt;= time &lt; <paramref name="toExclusive"/>.</summary>
    void Probe(RowKey key, long fromInclusive, long toExclusive, List<object?[]> matches);

    /// <summary>This reader's watermark reached <paramref name="watermark"/>: drop rows no future output can need.</summary>
    void Expire(long watermark);

    /// <summary>Writes the rows for a checkpoint.</summary>
    void Snapshot(BinaryWriter writer);

    /// <summary>Reads back what <see cref="Snapshot"/> wrote.</summary>
    void Restore(BinaryReader reader);
}
