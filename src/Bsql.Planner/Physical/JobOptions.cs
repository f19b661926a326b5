namespace Bsql.Planner.Physical;

/// <summary>
/// Job-level configuration, typed, as the binder resolved it from <c>SET</c> statements and the job
/// descriptor. Durations are milliseconds; sizes are bytes; null means "not set".
/// </summary>
public sealed record JobOptions
{
    /// <summary><c>parallelism.default</c>.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary><c>execution.checkpointing.interval</c>: checkpointing is on when set.</summary>
    public long? CheckpointIntervalMs { get; init; }

    /// <summary><c>state.checkpoints.dir</c>.</summary>
    public string? CheckpointDir { get; init; }

    /// <summary><c>state.backend</c>: <c>embedded</c> (default) or <c>redis</c>.</summary>
    public string StateBackend { get; init; } = "embedded";

    /// <summary><c>state.backend.redis.url</c> when the Redis backend is chosen.</summary>
    public string? StateRedisUrl { get; init; }

    /// <summary><c>state.memory.max</c>: keyed state beyond this spills to disk.</summary>
    public long? StateMemoryMaxBytes { get; init; }

    /// <summary><c>table.exec.state.ttl</c>: idle state retention of regular joins and aggregations.</summary>
    public long? StateTtlMs { get; init; }

    /// <summary><c>pipeline.auto-watermark-interval</c>.</summary>
    public long WatermarkIntervalMs { get; init; } = 200;

    /// <summary><c>table.exec.source.idle-timeout</c>: a source partition with no data for this long stops holding back the watermark.</summary>
    public long? SourceIdleTimeoutMs { get; init; }

    /// <summary>
    /// <c>table.local-time-zone</c>: the session time zone (an IANA id such as <c>Asia/Shanghai</c>, <c>UTC</c>,
    /// or an offset such as <c>GMT+08:00</c>) in which TIMESTAMP_LTZ values read as wall-clock time; null: UTC.
    /// </summary>
    public string? LocalTimeZone { get; init; }

    /// <summary><c>sjoin.late-rows</c>: what a delayed window join does with a late left row.</summary>
    public LateRowPolicy SjoinLateRows { get; init; } = LateRowPolicy.Emit;
}
