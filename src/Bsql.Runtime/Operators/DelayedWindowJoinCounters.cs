namespace Bsql.Runtime.Operators;

/// <summary>What one <see cref="DelayedWindowJoinOperator"/> subtask has done (read after or during a run).</summary>
public sealed class DelayedWindowJoinCounters
{
    /// <summary>Left rows received.</summary>
    public long LeftRows { get; internal set; }

    /// <summary>Right rows received.</summary>
    public long RightRows { get; internal set; }

    /// <summary>Left rows that arrived after their output time and were emitted at once, unmatched.</summary>
    public long LateLeftEmitted { get; internal set; }

    /// <summary>Late left rows dropped (<c>'sjoin.late-rows' = 'drop'</c>).</summary>
    public long LateLeftDropped { get; internal set; }

    /// <summary>Late left rows set aside for the dead-letter table (<c>'sjoin.late-rows' = 'dead-letter'</c>).</summary>
    public long LateLeftDeadLettered { get; internal set; }

    /// <summary>Right rows dropped on arrival: no left row they could match can still be emitted (or NULL key / time).</summary>
    public long LateRightDropped { get; internal set; }

    /// <summary>Output rows with a matching right row.</summary>
    public long MatchedRows { get; internal set; }

    /// <summary>NULL-padded output rows of left rows that matched nothing (late emitted rows included).</summary>
    public long UnmatchedRows { get; internal set; }

    /// <summary>Output rows.</summary>
    public long RowsEmitted => MatchedRows + UnmatchedRows;

    /// <summary>Bytes appended to spill segments (left and right).</summary>
    public long SpilledBytes { get; internal set; }

    /// <summary>Rows appended to spill segments (left and right).</summary>
    public long SpilledRows { get; internal set; }

    /// <summary>Right rows appended to spill segments.</summary>
    public long RightSpilledRows { get; internal set; }

    /// <summary>Bytes of right segments scanned for the keys of firing left rows.</summary>
    public long RightScannedBytes { get; internal set; }

    /// <summary>Full garbage collections started because state worth a quarter of the limit was released since the last one.</summary>
    public long InducedCollections { get; internal set; }

    /// <summary>Highest estimated in-memory state seen (left + right), in bytes.</summary>
    public long PeakMemoryBytes { get; internal set; }

    /// <summary>Times the state stayed above 3/4 of the memory limit after spilling all it could (the firing bucket stays in memory).</summary>
    public long OverLimit { get; internal set; }
}
