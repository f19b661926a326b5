namespace Bsql.Runtime.Operators;

/// <summary>
/// Tuning of the keyed state of the aggregation operators beyond the job options (tests and benchmarks
/// set these; the runtime uses the defaults).
/// </summary>
public sealed record KeyedStateOptions
{
    /// <summary>
    /// Memory budget of one subtask's keyed state in bytes; null: <c>state.memory.max</c> divided by the
    /// operator's parallelism (unlimited when that is unset). The estimated live state is kept under
    /// <see cref="LiveStateShare"/> of it; the rest is room for what spilling leaves to the garbage collector.
    /// </summary>
    public long? MemoryMaxBytes { get; init; }

    /// <summary>
    /// Share of the budget the estimated live state may fill before it spills (default 3/4): spilled state
    /// stays in the heap as garbage until the next full collection, and the collector keeps some freed
    /// memory committed, so the process needs more than the live state.
    /// </summary>
    public double LiveStateShare { get; init; } = 0.75;

    /// <summary>
    /// Where spill files go; null: under <c>state.checkpoints.dir</c> when set (files must outlive the
    /// process for a restore), else a temporary folder.
    /// </summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Hash partitions of spilled state (a power of two): memory needed to merge one is state / partitions.</summary>
    public int SpillPartitions { get; init; } = 64;

    /// <summary>
    /// Group aggregation: the longest a row for a spilled partition waits in its log before the partition
    /// is loaded and the row's change emitted (processing time, milliseconds).
    /// </summary>
    public long MaxSpillDelayMs { get; init; } = 5_000;

    /// <summary>Output rows a window firing emits before it lets the subtask flush them (backpressure).</summary>
    public int EmitSliceRows { get; init; } = 8192;
}
