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

    /// <summary><c>scale-out.enabled</c>: every <c>bsql run</c> worker with the job's id takes a share of its Kafka partitions.</summary>
    public bool ScaleOut { get; init; }

    /// <summary><c>sjoin.late-rows</c>: what a delayed window join does with a late left row.</summary>
    public LateRowPolicy SjoinLateRows { get; init; } = LateRowPolicy.Emit;

    /// <summary><c>sjoin.dead-letter</c>: the dead-letter table of late left rows when <see cref="SjoinLateRows"/> is <c>dead-letter</c>.</summary>
    public string? SjoinDeadLetter { get; init; }

    /// <summary>
    /// <c>table.exec.async-lookup.output-mode</c> = <c>ALLOW_UNORDERED</c>: lookup joins over an append-only input may
    /// emit rows in completion order (an updating input keeps <c>ORDERED</c>, as in Flink).
    /// </summary>
    public bool AsyncLookupAllowUnordered { get; init; }

    /// <summary><c>table.exec.async-lookup.buffer-capacity</c>: lookups in flight at once per lookup-join subtask.</summary>
    public int AsyncLookupBufferCapacity { get; init; } = DefaultAsyncLookupBufferCapacity;

    /// <summary><c>table.exec.async-lookup.timeout</c>: how long a row waits for its lookup (retries included) before it fails.</summary>
    public long AsyncLookupTimeoutMs { get; init; } = DefaultAsyncLookupTimeoutMs;

    /// <summary>Default of <see cref="AsyncLookupBufferCapacity"/>: Flink's is 100, but one BSQL round trip carries up to
    /// <c>lookup.batch.size</c> (128) keys, so several batches' worth of rows must be in flight to fill them.</summary>
    public const int DefaultAsyncLookupBufferCapacity = 1024;

    /// <summary>Default of <see cref="AsyncLookupTimeoutMs"/> (Flink's: 3 min).</summary>
    public const long DefaultAsyncLookupTimeoutMs = 180_000;
}
