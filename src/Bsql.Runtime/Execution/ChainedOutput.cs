namespace Bsql.Runtime.Execution;

/// <summary>The output of an operator chained to the next one: a direct call, no copy, no channel.</summary>
internal sealed class ChainedOutput : IOutput
{
    private readonly OperatorDriver _next;

    public ChainedOutput(OperatorDriver next) => _next = next;

    public void Emit(RowBatch batch) => _next.ProcessBatch(0, batch);

    public void EmitWatermark(long watermark) => _next.AdvanceWatermark(watermark);
}
