namespace Bsql.Runtime.Connectors;

/// <summary>
/// One subtask of a table source. It reads the splits / partitions assigned to it (by
/// <see cref="SourceContext.SubtaskIndex"/> of <see cref="SourceContext.Parallelism"/>), decodes
/// records into rows and emits them with their partition. The runtime calls
/// <see cref="ReadAsync"/> in a loop and, between calls, takes <see cref="SnapshotPosition"/> for
/// checkpoints. Not thread-safe: one subtask loop drives it.
/// </summary>
public interface ISource : IAsyncDisposable
{
    /// <summary>True when the source ends by itself (a file, a bounded Kafka read, N generated rows).</summary>
    bool IsBounded { get; }

    /// <summary>Opens files / connections; resumes from <see cref="SourceContext.RestoredPosition"/> when set.</summary>
    ValueTask OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Emits up to about <see cref="SourceContext.BatchSize"/> rows into <paramref name="output"/> and
    /// returns. An unbounded source with nothing to read waits briefly (≤ 100 ms) and returns
    /// <see cref="SourceStatus.Idle"/>, so barriers and idleness are handled promptly.
    /// </summary>
    ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken);

    /// <summary>The position after the last emitted row (offsets per partition), opaque text stored in checkpoints.</summary>
    string? SnapshotPosition();
}
