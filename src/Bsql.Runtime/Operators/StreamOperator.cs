using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Operators;

/// <summary>
/// The base of every runtime operator. One method is required, <see cref="ProcessBatch"/>; the rest
/// have no-op defaults (a watermark is forwarded). Processing is synchronous and single-threaded per
/// subtask: the subtask's loop calls these methods one at a time and applies backpressure and async
/// work (<see cref="FlushAsync"/>) between input elements.
/// <para>
/// Results are emitted row by row with <see cref="Collect"/> (batched here, emitted when full and
/// after each call into the operator) or batch by batch with <see cref="Emit"/>.
/// </para>
/// </summary>
public abstract class StreamOperator
{
    private IOutput? _output;
    private RowBatch? _pending;
    private OperatorContext? _context;

    /// <summary>The subtask's context (set before <see cref="OpenAsync"/>).</summary>
    protected OperatorContext Context => _context ?? throw new InvalidOperationException("operator not set up");

    /// <summary>The subtask's current input watermark (epoch ms; <see cref="long.MinValue"/> before the first).</summary>
    protected long CurrentWatermark => Context.Timers.CurrentWatermark;

    /// <summary>Wires the operator to its context and output (the runtime calls this once).</summary>
    public void Setup(OperatorContext context, IOutput output)
    {
        _context = context;
        _output = output;
    }

    /// <summary>Prepares state and compiles expressions. Called once before any input.</summary>
    public virtual ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Processes a batch from input <paramref name="input"/> (0 = left / only, 1 = right).</summary>
    public abstract void ProcessBatch(int input, RowBatch batch);

    /// <summary>
    /// The input watermark advanced to <paramref name="watermark"/> (the minimum over all input
    /// channels); due event-time timers have fired just before. The default forwards it.
    /// </summary>
    public virtual void ProcessWatermark(long watermark) => EmitWatermark(watermark);

    /// <summary>A timer registered with <see cref="OperatorContext.Timers"/> fired.</summary>
    public virtual void OnTimer(long time, object key, bool processingTime)
    {
    }

    /// <summary>Input <paramref name="input"/> has ended (all its channels). Called once per input.</summary>
    public virtual void EndOfInput(int input)
    {
    }

    /// <summary>
    /// True while work already started has output left to produce (a large window firing is emitted in
    /// slices, so that its rows flow downstream with backpressure instead of piling up): the subtask calls
    /// <see cref="ContinueWork"/>, flushing between calls, before it takes the next input element.
    /// </summary>
    public virtual bool HasPendingWork => false;

    /// <summary>Produces the next slice of the pending work's output (see <see cref="HasPendingWork"/>).</summary>
    public virtual void ContinueWork()
    {
    }

    /// <summary>Async work after each input element (a sink writes here). Called by the subtask loop.</summary>
    public virtual ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Every input has ended and everything was emitted: a sink finishes (commits) here.</summary>
    public virtual ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A checkpoint barrier passes: flush transactional output before <see cref="SnapshotState"/>.</summary>
    public virtual ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Writes the operator's state (accumulators, buffers) for checkpoint; timers are saved by the runtime.</summary>
    public virtual void SnapshotState(BinaryWriter writer)
    {
    }

    /// <summary>Reads back what <see cref="SnapshotState"/> wrote, before <see cref="OpenAsync"/>'s first input.</summary>
    public virtual void RestoreState(BinaryReader reader)
    {
    }

    /// <summary>Checkpoint <paramref name="checkpointId"/> is complete everywhere: a transactional sink commits.</summary>
    public virtual ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Releases resources. Called once, also after a failure.</summary>
    public virtual ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Emits one row (batched; flushed when the batch is full and after each call into the operator).</summary>
    protected void Collect(object?[] row, RowKind kind = RowKind.Insert)
    {
        var pending = _pending ??= new RowBatch();
        pending.Add(row, kind);
        if (pending.IsFull)
        {
            _pending = null;
            Emit(pending);
        }
    }

    /// <summary>Emits a whole batch (after any collected rows).</summary>
    protected void Emit(RowBatch batch)
    {
        if (_pending is { Count: > 0 } pending)
        {
            _pending = null;
            EmitCounted(pending);
        }
        if (batch.Count > 0) EmitCounted(batch);
    }

    /// <summary>Emits a watermark after every row collected before it.</summary>
    protected void EmitWatermark(long watermark)
    {
        FlushCollected();
        _output!.EmitWatermark(watermark);
    }

    /// <summary>Emits the rows collected so far (the runtime calls this after each call into the operator).</summary>
    public void FlushCollected()
    {
        if (_pending is { Count: > 0 } pending)
        {
            _pending = null;
            EmitCounted(pending);
        }
    }

    private void EmitCounted(RowBatch batch)
    {
        _context!.Metrics.AddOut(batch.Count);
        _output!.Emit(batch);
    }
}
