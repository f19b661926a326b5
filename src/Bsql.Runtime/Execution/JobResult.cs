using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Execution;

/// <summary>What a finished job did.</summary>
/// <param name="JobId">The job id it ran under.</param>
/// <param name="Metrics">Final counters.</param>
/// <param name="CompletedCheckpoints">Number of checkpoints completed.</param>
/// <param name="RestoredCheckpoint">The checkpoint id the job resumed from, or null.</param>
public sealed record JobResult(string JobId, JobMetrics Metrics, int CompletedCheckpoints, long? RestoredCheckpoint);
