namespace Bsql.Runtime.Metrics;

/// <summary>
/// Live counters of one operator, summed over its subtasks. Subtasks add per batch; a progress
/// display reads them at any time (values are read with <see cref="Interlocked.Read(ref readonly long)"/>).
/// </summary>
public sealed class OperatorMetrics
{
    private long _rowsIn;
    private long _rowsOut;
    private long _lateRowsDropped;
    private long _deadLettered;
    private long _watermark = long.MinValue;
    private long _spilledBytes;
    private long _stateBytesPeak;

    /// <summary>A counter set for operator <paramref name="operatorId"/>.</summary>
    public OperatorMetrics(int operatorId, string name)
    {
        OperatorId = operatorId;
        Name = name;
    }

    /// <summary>The plan's operator id.</summary>
    public int OperatorId { get; }

    /// <summary>The operator's one-line description.</summary>
    public string Name { get; }

    /// <summary>Rows received.</summary>
    public long RowsIn => Interlocked.Read(ref _rowsIn);

    /// <summary>Rows emitted (for a sink: rows written).</summary>
    public long RowsOut => Interlocked.Read(ref _rowsOut);

    /// <summary>Rows dropped because they arrived behind the watermark.</summary>
    public long LateRowsDropped => Interlocked.Read(ref _lateRowsDropped);

    /// <summary>Rows the operator set aside into a dead-letter table (<see cref="Operators.DeadLetterWriter"/>).</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>The latest input watermark seen by any subtask (epoch ms).</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>Bytes of keyed state written to spill files (state beyond <c>state.memory.max</c>), over all subtasks.</summary>
    public long SpilledBytes => Interlocked.Read(ref _spilledBytes);

    /// <summary>The largest estimated in-memory keyed state any one subtask held (bytes).</summary>
    public long StateBytesPeak => Interlocked.Read(ref _stateBytesPeak);

    internal void AddSpilled(long bytes) => Interlocked.Add(ref _spilledBytes, bytes);

    internal void ObserveStateBytes(long bytes)
    {
        var current = Interlocked.Read(ref _stateBytesPeak);
        while (bytes > current)
        {
            var seen = Interlocked.CompareExchange(ref _stateBytesPeak, bytes, current);
            if (seen == current) return;
            current = seen;
        }
    }

    internal void AddIn(long rows) => Interlocked.Add(ref _rowsIn, rows);

    internal void AddOut(long rows) => Interlocked.Add(ref _rowsOut, rows);

    internal void AddLate(long rows) => Interlocked.Add(ref _lateRowsDropped, rows);

    internal void AddDeadLettered() => Interlocked.Increment(ref _deadLettered);

    internal void SetWatermark(long watermark)
    {
        var current = Interlocked.Read(ref _watermark);
        while (watermark > current)
        {
            var seen = Interlocked.CompareExchange(ref _watermark, watermark, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
