namespace Bsql.Runtime.Execution;

/// <summary>The output of an operator feeding several edges: every batch and watermark goes to each.</summary>
internal sealed class FanOutOutput : IOutput
{
    private readonly IOutput[] _outputs;

    public FanOutOutput(IOutput[] outputs) => _outputs = outputs;

    public void Emit(RowBatch batch)
    {
        foreach (var output in _outputs) output.Emit(batch);
    }

    public void EmitWatermark(long watermark)
    {
        foreach (var output in _outputs) output.EmitWatermark(watermark);
    }
}
