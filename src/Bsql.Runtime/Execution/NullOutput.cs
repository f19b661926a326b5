namespace Bsql.Runtime.Execution;

/// <summary>The output of an operator with no downstream edge (a sink): drops everything.</summary>
internal sealed class NullOutput : IOutput
{
    public static NullOutput Instance { get; } = new();

    public void Emit(RowBatch batch)
    {
    }

    public void EmitWatermark(long watermark)
    {
    }
}
