namespace Bsql.Runtime.Operators;

/// <summary>Tuning of a <see cref="DelayedWindowJoinOperator"/> beyond its spec and the job options (tests and benchmarks set these).</summary>
public sealed record DelayedWindowJoinOptions
{
    /// <summary>
    /// Keyed state limit of one subtask in bytes; null: <c>state.memory.max</c> divided by the
    /// operator's parallelism (unlimited when that is unset).
    /// </summary>
    public long? MemoryMaxBytes { get; init; }

    /// <summary>
    /// Width of a fire-time bucket, one spill segment each; null: <c>(W + D) / 16</c>, between 1 ms and 1 minute.
    /// </summary>
    public long? BucketMs { get; init; }

    /// <summary>
    /// Where spill segments go; null: under the job's checkpoint folder when checkpointing is on (segments
    /// must outlive the process for a restore), else a temporary folder.
    /// </summary>
    public string? SpillDirectory { get; init; }
}
