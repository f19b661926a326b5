using Bsql.Runtime.Connectors;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Execution;

/// <summary>
/// What a source subtask emits into: appends computed columns, feeds the watermark generator and
/// passes full batches to the chain.
/// </summary>
internal sealed class SourceOutput : ISourceOutput
{
    private readonly int _width;
    private readonly int _physical;
    private readonly Func<object?[], object?>[] _computed;
    private readonly WatermarkGenerator? _watermarks;
    private readonly int _batchSize;
    private readonly OperatorMetrics _metrics;
    private IOutput _downstream = null!;
    private RowBatch _batch;

    public SourceOutput(int physical, Func<object?[], object?>[] computed, WatermarkGenerator? watermarks, int batchSize, OperatorMetrics metrics)
    {
        _physical = physical;
        _computed = computed;
        _width = physical + computed.Length;
        _watermarks = watermarks;
        _batchSize = batchSize;
        _metrics = metrics;
        _batch = new RowBatch(batchSize);
    }

    public int EmittedInCall { get; set; }

    public WatermarkGenerator? Watermarks => _watermarks;

    public void Connect(IOutput downstream) => _downstream = downstream;

    public object?[] NewRow() => new object?[_width];

    public void Emit(object?[] row, int partition)
    {
        for (var i = 0; i < _computed.Length; i++) row[_physical + i] = _computed[i](row);
        _watermarks?.OnRow(row, partition);
        _batch.Add(row);
        EmittedInCall++;
        if (_batch.Count >= _batchSize) Flush();
    }

    /// <summary>Emits a row of the given kind as it is (a repartition reader: no computed columns, no watermark generator).</summary>
    public void Emit(object?[] row, RowKind kind)
    {
        _batch.Add(row, kind);
        EmittedInCall++;
        if (_batch.Count >= _batchSize) Flush();
    }

    public void PartitionAssigned(int partition) => _watermarks?.Assign(partition);

    public void PartitionFinished(int partition) => _watermarks?.Finish(partition);

    public void Flush()
    {
        if (_batch.Count == 0) return;
        var batch = _batch;
        _batch = new RowBatch(_batchSize);
        _metrics.AddOut(batch.Count);
        _downstream.Emit(batch);
    }
}
