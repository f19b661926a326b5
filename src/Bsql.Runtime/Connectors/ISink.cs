namespace Bsql.Runtime.Connectors;

/// <summary>
/// One subtask of a table sink. Rows arrive in batches with their <see cref="RowKind"/>. A
/// transactional sink makes written rows visible only in <see cref="CommitAsync"/> (after the
/// checkpoint that covers them completes) or in <see cref="FinishAsync"/> (end of a bounded job);
/// an idempotent sink writes through and ignores the checkpoint calls.
/// </summary>
public interface ISink : IAsyncDisposable
{
    /// <summary>Opens files / connections; re-commits or aborts the transactions of <see cref="SinkContext.RestoredState"/>.</summary>
    ValueTask OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch (the sink may buffer).</summary>
    ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// A checkpoint barrier arrived: flush and close the current transaction, returning what must be
    /// committed (opaque text stored in the checkpoint), or null.
    /// </summary>
    ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>Checkpoint <paramref name="checkpointId"/> is complete: make its rows visible.</summary>
    ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>The input ended (bounded job): flush and make everything visible.</summary>
    ValueTask FinishAsync(CancellationToken cancellationToken);
}
