namespace Bsql.Runtime.Operators;

/// <summary>
/// Tuning of the keyed state of the aggregation operators beyond the job options (tests and benchmarks
/// set these; the runtime uses the defaults).
/// </summary>
public sealed record KeyedStateOptions
{
    /// <summary>
    /// State limit of one subtask in bytes (estimated); null: <c>state.memory.max</c> divided by the
    /// operator's parallelism (unlimited when that is unset).
    /// </summary>
    public long? MemoryMaxBytes { get; init; }

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
