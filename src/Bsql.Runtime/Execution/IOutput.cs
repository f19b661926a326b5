namespace Bsql.Runtime.Execution;

/// <summary>
/// Where an operator's results go: the next chained operator (a direct call, no copy) or the
/// exchange into the downstream subtasks' channels. Calls are synchronous; the subtask's loop
/// applies backpressure between input elements.
/// </summary>
public interface IOutput
{
    /// <summary>Passes a batch on; the caller gives up the batch.</summary>
    void Emit(RowBatch batch);

    /// <summary>Passes a watermark on (after every row emitted before it).</summary>
    void EmitWatermark(long watermark);
}
