namespace Bsql.Runtime.State.Spill;

/// <summary>
/// The right-side rows of a delayed window join, by join key. A row is kept until the watermark
/// reaches its time plus the retention (<c>W + D</c>: see docs/design.md, "Delayed window join").
/// The embedded implementation keeps rows in memory and spills them, bucketed by event time, to
/// append-only segments (local to a subtask, or shared by the subtasks of a <c>LEFT(GLOBAL)</c> join);
/// a Redis implementation can plug in behind the same calls (the spill members have no-op defaults).
/// </summary>
internal interface IDelayedJoinRightState
{
    /// <summary>Estimated bytes held in memory.</summary>
    long MemoryBytes { get; }

    /// <summary>Rows held, in memory and spilled.</summary>
    long Count { get; }

    /// <summary>Estimated bytes that left memory so far (rows expired or spilled): garbage for the GC.</summary>
    long ReleasedBytes => 0;

    /// <summary>Bytes appended to spill segments since start (or restore).</summary>
    long SpilledBytes => 0;

    /// <summary>Rows appended to spill segments since start (or restore).</summary>
    long SpilledRows => 0;

    /// <summary>True while some spilled rows are live: <see cref="Probe"/> sees in-memory rows only, spilled ones are scanned with <see cref="SpilledSegments"/>.</summary>
    bool HasSpilled => false;

    /// <summary>Keeps <paramref name="row"/> (event time <paramref name="time"/>) under its join key (the store knows the key columns).</summary>
    void Add(object?[] row, long time);

    /// <summary>
    /// Adds to <paramref name="matches"/>, in arrival order, the in-memory rows whose key equals the values of
    /// <paramref name="row"/> at <paramref name="keyColumns"/>, with <paramref name="fromInclusive"/> &lt;= time &lt; <paramref name="toExclusive"/>.
    /// </summary>
    void Probe(object?[] row, int[] keyColumns, long fromInclusive, long toExclusive, List<object?[]> matches);

    /// <summary>This reader's watermark reached <paramref name="watermark"/>: drop rows no future output can need.</summary>
    void Expire(long watermark);

    /// <summary>
    /// Runs <paramref name="action"/> while no other reader of a shared state can add, spill or expire rows (a scan of
    /// the segments and the probes that follow it must see each row exactly once: in memory or spilled).
    /// </summary>
    void RunExclusive(Action action) => action();

    /// <summary>Moves every in-memory row to the spill segments of its event-time bucket.</summary>
    void Spill()
    {
    }

    /// <summary>The live segments that may hold rows with <paramref name="fromInclusive"/> &lt;= time &lt; <paramref name="toExclusive"/>, each with its length now.</summary>
    IReadOnlyList<(SegmentFile Segment, long Length)> SpilledSegments(long fromInclusive, long toExclusive) => [];

    /// <summary>Writes the rows for a checkpoint (spilled rows by segment path and length).</summary>
    void Snapshot(BinaryWriter writer);

    /// <summary>Reads back what <see cref="Snapshot"/> wrote.</summary>
    void Restore(BinaryReader reader);

    /// <summary>A checkpoint is being taken: segments that expire from now on may still be needed by it.</summary>
    void BeginCheckpoint(long checkpointId)
    {
    }

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: expired segments no checkpoint needs are deleted.</summary>
    void CheckpointComplete(long checkpointId)
    {
    }

    /// <summary>Releases the state; with <paramref name="deleteFiles"/> (the job finished) its segments are deleted.</summary>
    void Close(bool deleteFiles)
    {
    }
}
