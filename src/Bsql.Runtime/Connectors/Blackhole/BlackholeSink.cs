namespace Bsql.Runtime.Connectors.Blackhole;

/// <summary>A sink that discards rows and counts them.</summary>
public sealed class BlackholeSink : ISink
{
    private long _rows;

    /// <summary>Rows received.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _rows, batch.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
