using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Writes its input to a sink connector: batches are queued by <see cref="ProcessBatch"/> and written
/// asynchronously in <see cref="FlushAsync"/> (between input elements, so a slow sink holds back its
/// input channel and, through it, the whole pipeline).
/// </summary>
public sealed class SinkOperator : StreamOperator
{
    private readonly ISink _sink;
    private readonly List<RowBatch> _pending = [];

    /// <summary>An operator writing to <paramref name="sink"/>.</summary>
    public SinkOperator(ISink sink) => _sink = sink;

    /// <summary>The wrapped sink.</summary>
    public ISink Sink => _sink;

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken) => _sink.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        if (batch.Count > 0) _pending.Add(batch);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        if (_sink is Connectors.IWatermarkSink told) told.OnWatermark(watermark);
    }

    /// <inheritdoc />
    public override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        try
        {
            foreach (var batch in _pending)
            {
                await _sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                Context.Metrics.AddOut(batch.Count);
            }
        }
        catch (IOException e)
        {
            throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.SinkFailed, $"{Context.Operator.Name}: cannot write: {e.Message}", e);
        }
        _pending.Clear();
    }

    /// <inheritdoc />
    public override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _sink.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sink's transaction state for checkpoint <paramref name="checkpointId"/> (after flushing).</summary>
    public async ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _sink.PrepareCommitAsync(checkpointId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        if (_sink is ICheckpointedSink checkpointed) checkpointed.SnapshotState(writer);
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        // A checkpoint written before the sink kept state of its own holds nothing for it.
        if (_sink is ICheckpointedSink checkpointed && reader.BaseStream.Position < reader.BaseStream.Length) checkpointed.RestoreState(reader);
    }

    /// <inheritdoc />
    public override ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken) =>
        _sink.CommitAsync(checkpointId, cancellationToken);

    /// <inheritdoc />
    public override ValueTask CloseAsync(CancellationToken cancellationToken) => _sink.DisposeAsync();
}
