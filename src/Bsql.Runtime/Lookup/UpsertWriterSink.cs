using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// A sink subtask over an <see cref="IUpsertWriter"/> (the Redis, HBase and JDBC sinks): inserts and update-afters are
/// upserted, deletes delete, update-befores are skipped (their update-after follows, with the same key). Writes go
/// through at once, in runs of one kind so the order within a batch holds; the writes are idempotent, so the
/// checkpoint calls have nothing to do.
/// </summary>
public sealed class UpsertWriterSink : ISink
{
    private readonly SinkContext _context;
    private readonly Func<SinkContext, ValueTask<IUpsertWriter>> _open;
    private readonly List<object?[]> _run = [];
    private IUpsertWriter? _writer;

    /// <summary>A sink that opens its writer with <paramref name="open"/>.</summary>
    public UpsertWriterSink(SinkContext context, Func<SinkContext, ValueTask<IUpsertWriter>> open)
    {
        _context = context;
        _open = open;
    }

    /// <inheritdoc />
    public async ValueTask OpenAsync(CancellationToken cancellationToken) => _writer = await _open(_context).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("the sink is not open");
        var deleting = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var kind = batch.KindAt(i);
            if (kind == RowKind.UpdateBefore) continue;
            var isDelete = kind == RowKind.Delete;
            if (isDelete != deleting && _run.Count > 0) await FlushAsync(writer, deleting, cancellationToken).ConfigureAwait(false);
            deleting = isDelete;
            _run.Add(batch[i]);
        }
        if (_run.Count > 0) await FlushAsync(writer, deleting, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => new((string?)null);

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task FlushAsync(IUpsertWriter writer, bool deleting, CancellationToken cancellationToken)
    {
        try
        {
            if (deleting) await writer.DeleteAsync(_run, cancellationToken).ConfigureAwait(false);
            else await writer.UpsertAsync(_run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not (OperationCanceledException or BsqlRuntimeException))
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"writing to '{_context.Table}' ({_context.Connector.Connector}) failed: {error.Message}", error);
        }
        finally
        {
            _run.Clear();
        }
    }
}
