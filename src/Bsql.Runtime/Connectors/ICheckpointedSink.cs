namespace Bsql.Runtime.Connectors;

/// <summary>
/// A sink with state of its own in checkpoints (a write-ahead sink keeps the rows of checkpoints it has not
/// committed yet, so a restore can write them again when their commit did not happen).
/// </summary>
public interface ICheckpointedSink
{
    /// <summary>Writes the sink's state for the checkpoint being taken (after <see cref="ISink.PrepareCommitAsync"/>).</summary>
    void SnapshotState(BinaryWriter writer);

    /// <summary>Reads back what <see cref="SnapshotState"/> wrote (after <see cref="ISink.OpenAsync"/>, before any row).</summary>
    void RestoreState(BinaryReader reader);
}
