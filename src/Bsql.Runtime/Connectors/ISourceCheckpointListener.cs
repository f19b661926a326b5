namespace Bsql.Runtime.Connectors;

/// <summary>
/// Optionally implemented by an <see cref="ISource"/> that must act once a checkpoint is durable, e.g.
/// the Kafka source commits the checkpointed offsets to its consumer group only then (never earlier, so
/// a group's committed offsets never run ahead of a restorable checkpoint).
/// </summary>
public interface ISourceCheckpointListener
{
    /// <summary>
    /// Checkpoint <paramref name="checkpointId"/> is complete; <paramref name="position"/> is what this
    /// subtask's <see cref="ISource.SnapshotPosition"/> returned for it. May be called from another thread
    /// than the one calling <see cref="ISource.ReadAsync"/>.
    /// </summary>
    ValueTask CheckpointCompletedAsync(long checkpointId, string? position, CancellationToken cancellationToken);
}
