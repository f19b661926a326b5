using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Operators.Aggregates;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// TUMBLE / HOP / CUMULATE (and attached: windows carried by the rows) window aggregation (<see cref="WindowAggregateSpec"/>), by slicing: each row
/// updates one accumulator per key in its slice (a tumbling window, the gcd of a hop's size and slide,
/// a cumulate's step); when the watermark reaches a window's end - 1, the window's slices are merged
/// per key and one row per key is emitted. Windows fire in order of end, keys in first-seen order.
/// A row whose first window has already fired is late: dropped and counted. SESSION windows are
/// handled by <see cref="SessionWindowAggregateOperator"/>.
/// </summary>
public sealed class WindowAggregateOperator : StreamOperator
{
    private readonly WindowAggregateSpec _spec;
    private readonly int[] _keys;
    private readonly int _timeIndex;
    private readonly bool _procTime;
    private readonly long _size;
    private readonly long _slice;
    private readonly long _slide;
    private readonly long _offset;
    private readonly bool _cumulate;
    private readonly AttachedWindow? _attached;
    private readonly Dictionary<long, long> _attachedStarts = [];
    private readonly Dictionary<long, Dictionary<RowKey, Accumulator[]>> _slices = [];
    private readonly SortedSet<long> _sliceEnds = [];
    private readonly SortedSet<long> _pendingWindows = [];
    private AggregateSet _aggregates = null!;
    private bool _rowtimeLtz;
    private long _lastSliceEnd = long.MinValue;
    private Dictionary<RowKey, Accumulator[]>? _lastSlice;

    /// <summary>An operator executing <paramref name="spec"/> (TUMBLE, HOP, CUMULATE or attached windows).</summary>
    public WindowAggregateOperator(WindowAggregateSpec spec)
    {
        _spec = spec;
        _keys = [.. spec.GroupKeys];
        _timeIndex = spec.Window.TimeIndex;
        _procTime = spec.Window.ProcTime;
        switch (spec.Window)
        {
            case TumbleWindow t:
                _size = t.SizeMs; _slide = t.SizeMs; _slice = t.SizeMs; _offset = t.OffsetMs;
                break;
            case HopWindow h:
                _size = h.SizeMs; _slide = h.SlideMs; _slice = Gcd(h.SizeMs, h.SlideMs);
                break;
            case CumulateWindow c:
                _size = c.SizeMs; _slide = c.StepMs; _slice = c.StepMs; _cumulate = true;
                break;
            case AttachedWindow a:
                // Windows come with the rows (start and end columns): each window is its own slice.
                _attached = a;
                _size = 1; _slide = 1; _slice = 1;
                break;
            default:
                throw new ArgumentException($"{spec.Window.GetType().Name} is not a sliced window", nameof(spec));
        }
        if (_size <= 0 || _slice <= 0) throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.InvalidPlan, "window size and slide must be positive");
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        var input = Context.InputSchemas[0];
        _aggregates = new AggregateSet(_spec.Aggregates, input, retractable: false);
        _rowtimeLtz = input[_timeIndex].Type.Kind == SqlTypeKind.TimestampLtz;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        var watermark = CurrentWatermark;
        var now = _procTime ? Context.Timers.CurrentProcessingTime : 0;
        long late = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            if (kinds is not null && kinds[r] is RowKind.UpdateBefore or RowKind.Delete) continue;
            var row = rows[r];
            long sliceEnd;
            if (_attached is not null)
            {
                if (row[_attached.EndIndex] is not { } endValue || row[_attached.StartIndex] is not { } startValue)
                {
                    late++;
                    continue;
                }
                sliceEnd = EventTime.ToMillis(endValue);
                _attachedStarts.TryAdd(sliceEnd, EventTime.ToMillis(startValue));
            }
            else
            {
                long t;
                if (_procTime) t = now;
                else if (row[_timeIndex] is { } ts) t = EventTime.ToMillis(ts);
                else
                {
                    late++;
                    continue;
                }
                sliceEnd = SliceEnd(t);
            }
            if (!_procTime && sliceEnd - 1 <= watermark)
            {
                late++;
                continue;
            }
            var slice = GetSlice(sliceEnd);
            var key = RowKey.Of(row, _keys);
            if (!slice.TryGetValue(key, out var accumulators))
            {
                accumulators = _aggregates.Create(row);
                slice[key] = accumulators;
            }
            _aggregates.Add(accumulators, row);
        }
        if (late > 0) Context.Metrics.AddLate(late);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        if (!_procTime) Fire(watermark);
        base.ProcessWatermark(watermark);
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (processingTime) Fire(time);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input)
    {
        // A bounded input flushes processing-time windows too (event-time ones fired on the final watermark).
        Fire(long.MaxValue);
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_slices.Count);
        foreach (var end in _sliceEnds)
        {
            var slice = _slices[end];
            writer.Write(end);
            writer.Write(slice.Count);
            foreach (var (key, accumulators) in slice)
            {
                ValueCodec.WriteRow(writer, key.Values);
                foreach (var a in accumulators) a.Write(writer);
            }
        }
        writer.Write(_pendingWindows.Count);
        foreach (var end in _pendingWindows) writer.Write(end);
        writer.Write(_attachedStarts.Count);
        foreach (var (end, start) in _attachedStarts)
        {
            writer.Write(end);
            writer.Write(start);
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        var slices = reader.ReadInt32();
        for (var s = 0; s < slices; s++)
        {
            var end = reader.ReadInt64();
            var count = reader.ReadInt32();
            var slice = new Dictionary<RowKey, Accumulator[]>(count);
            for (var k = 0; k < count; k++)
            {
                var key = new RowKey(ValueCodec.ReadRow(reader));
                var accumulators = _aggregates.Create(null);
                foreach (var a in accumulators) a.Read(reader);
                slice[key] = accumulators;
            }
            _slices[end] = slice;
            _sliceEnds.Add(end);
        }
        var windows = reader.ReadInt32();
        for (var w = 0; w < windows; w++) _pendingWindows.Add(reader.ReadInt64());
        var starts = reader.ReadInt32();
        for (var i = 0; i < starts; i++) _attachedStarts[reader.ReadInt64()] = reader.ReadInt64();
    }

    private Dictionary<RowKey, Accumulator[]> GetSlice(long sliceEnd)
    {
        if (sliceEnd == _lastSliceEnd) return _lastSlice!;
        if (!_slices.TryGetValue(sliceEnd, out var slice))
        {
            slice = [];
            _slices[sliceEnd] = slice;
            _sliceEnds.Add(sliceEnd);
            RegisterWindows(sliceEnd);
        }
        _lastSliceEnd = sliceEnd;
        _lastSlice = slice;
        return slice;
    }

    private void RegisterWindows(long sliceEnd)
    {
        if (_attached is not null)
        {
            AddWindow(sliceEnd);
            return;
        }
        if (_cumulate)
        {
            var start = FloorDiv(sliceEnd - 1, _size) * _size;
            for (var e = sliceEnd; e <= start + _size; e += _slide) AddWindow(e);
            return;
        }
        // Windows [e - size, e) with e on the slide grid that contain slice (sliceEnd - slice, sliceEnd].
        var first = CeilTo(sliceEnd - _offset, _slide) + _offset;
        for (var e = first; e - _size <= sliceEnd - _slice; e += _slide) AddWindow(e);
    }

    private void AddWindow(long end)
    {
        if (_pendingWindows.Add(end) && _procTime) Context.Timers.RegisterProcessingTimer(end - 1, WindowTimerKey);
    }

    private static readonly object WindowTimerKey = "window";

    private void Fire(long progress)
    {
        var fired = false;
        while (_pendingWindows.Count > 0 && _pendingWindows.Min - 1 <= progress)
        {
            var end = _pendingWindows.Min;
            _pendingWindows.Remove(end);
            EmitWindow(end);
            fired = true;
        }
        if (!fired) return;
        if (_attached is not null)
        {
            while (_sliceEnds.Count > 0 && !_pendingWindows.Contains(_sliceEnds.Min))
            {
                _slices.Remove(_sliceEnds.Min);
                _attachedStarts.Remove(_sliceEnds.Min);
                _sliceEnds.Remove(_sliceEnds.Min);
            }
        }
        else if (_pendingWindows.Count == 0)
        {
            _slices.Clear();
            _sliceEnds.Clear();
        }
        else
        {
            var keepAfter = WindowStart(_pendingWindows.Min);
            while (_sliceEnds.Count > 0 && _sliceEnds.Min <= keepAfter)
            {
                _slices.Remove(_sliceEnds.Min);
                _sliceEnds.Remove(_sliceEnds.Min);
            }
        }
        _lastSliceEnd = long.MinValue;
        _lastSlice = null;
    }

    private void EmitWindow(long end)
    {
        var start = _attached is not null ? _attachedStarts.GetValueOrDefault(end) : WindowStart(end);
        if (_attached is not null || end - start == _slice)
        {
            if (_slices.TryGetValue(end, out var only))
            {
                foreach (var (key, accumulators) in only) EmitRow(key, accumulators, start, end);
            }
            return;
        }
        Dictionary<RowKey, Accumulator[]>? merged = null;
        for (var s = start + _slice; s <= end; s += _slice)
        {
            if (!_slices.TryGetValue(s, out var slice)) continue;
            merged ??= new Dictionary<RowKey, Accumulator[]>(slice.Count);
            foreach (var (key, accumulators) in slice)
            {
                if (!merged.TryGetValue(key, out var target))
                {
                    target = _aggregates.Create(null);
                    merged[key] = target;
                }
                AggregateSet.Merge(target, accumulators);
            }
        }
        if (merged is null) return;
        foreach (var (key, accumulators) in merged) EmitRow(key, accumulators, start, end);
    }

    private void EmitRow(RowKey key, Accumulator[] accumulators, long start, long end)
    {
        var keyCount = key.Values.Length;
        var properties = _spec.Properties;
        var row = new object?[keyCount + accumulators.Length + properties.Length];
        Array.Copy(key.Values, row, keyCount);
        AggregateSet.WriteResults(accumulators, row, keyCount);
        var p = keyCount + accumulators.Length;
        foreach (var property in properties)
        {
            row[p++] = property switch
            {
                WindowProperty.Start => EventTime.ToTimestamp(start),
                WindowProperty.End => EventTime.ToTimestamp(end),
                WindowProperty.RowTime => _rowtimeLtz ? EventTime.ToTimestampLtz(end - 1) : EventTime.ToTimestamp(end - 1),
                _ => EventTime.ToTimestampLtz(Context.Timers.CurrentProcessingTime),
            };
        }
        Collect(row);
    }

    private long SliceEnd(long t) => _cumulate || _offset == 0
        ? FloorDiv(t, _slice) * _slice + _slice
        : FloorDiv(t - _offset, _slice) * _slice + _offset + _slice;

    private long WindowStart(long end) => _cumulate ? FloorDiv(end - 1, _size) * _size : end - _size;

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long CeilTo(long value, long step) => -FloorDiv(-value, step) * step;

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
