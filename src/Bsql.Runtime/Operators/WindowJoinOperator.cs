using Bsql.Planner.Physical;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// A window join (<see cref="WindowJoinSpec"/>): rows of both sides are buffered per window and key;
/// when the watermark reaches a window's end - 1, the window's rows join (equal keys, the condition)
/// and outer sides' unmatched rows are padded with NULLs. Windows fire in order of end, keys in
/// first-seen order; the state of a window is freed when it fires. A row whose window has already
/// fired is late: dropped and counted. Append-only.
/// </summary>
public sealed class WindowJoinOperator : StreamOperator
{
    private sealed class Window
    {
        public readonly Dictionary<RowKey, (List<object?[]> Left, List<object?[]> Right)> Keys = [];
    }

    private LocalWindowTime? _local;
    private readonly WindowJoinSpec _spec;
    private readonly int[][] _keys;
    private readonly int[] _endIndex;
    private readonly bool[] _outer;
    private readonly SortedDictionary<long, Window> _windows = [];
    private Func<object?[], bool>? _condition;
    private int[] _widths = [0, 0];

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public WindowJoinOperator(WindowJoinSpec spec)
    {
        _spec = spec;
        _keys = [[.. spec.LeftKeys], [.. spec.RightKeys]];
        _endIndex = [spec.LeftWindowEnd, spec.RightWindowEnd];
        _outer = [spec.Type is JoinType.Left or JoinType.Full, spec.Type is JoinType.Right or JoinType.Full];
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _condition = _spec.Condition is null ? null : Context.Expressions.CompilePredicate(_spec.Condition);
        _widths = [Context.InputSchemas[0].Count, Context.InputSchemas[1].Count];
        // Window ends on the session zone's clock (windows over TIMESTAMP_LTZ or processing time) fire at their instant.
        _local = LocalWindowTime.For(Context.SessionTimeZone, _spec.LocalWindows);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var watermark = CurrentWatermark;
        long late = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            if (batch.KindAt(r) is RowKind.UpdateBefore or RowKind.Delete) continue;
            var row = batch[r];
            if (row[_endIndex[input]] is not { } endValue)
            {
                late++;
                continue;
            }
            var end = EventTime.ToMillis(endValue);
            if (_local is not null) end = _local.ToUtc(end);
            if (end - 1 <= watermark)
            {
                late++;
                continue;
            }
            if (!_windows.TryGetValue(end, out var window))
            {
                window = new Window();
                _windows[end] = window;
            }
            var key = RowKey.Of(row, _keys[input]);
            if (!window.Keys.TryGetValue(key, out var sides))
            {
                sides = ([], []);
                window.Keys[key] = sides;
            }
            (input == 0 ? sides.Left : sides.Right).Add(row);
        }
        if (late > 0) Context.Metrics.AddLate(late);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        while (_windows.Count > 0)
        {
            var (end, window) = _windows.First();
            if (end - 1 > watermark) break;
            _windows.Remove(end);
            foreach (var (key, (left, right)) in window.Keys) JoinKey(key, left, right);
        }
        base.ProcessWatermark(watermark);
    }

    private void JoinKey(RowKey key, List<object?[]> left, List<object?[]> right)
    {
        var nullKey = Array.IndexOf(key.Values, null) >= 0;
        var rightMatched = new bool[right.Count];
        foreach (var l in left)
        {
            var matched = false;
            if (!nullKey)
            {
                for (var j = 0; j < right.Count; j++)
                {
                    var joined = JoinedRow.Of(0, l, right[j], _widths[0], _widths[1]);
                    if (_condition is not null && !_condition(joined)) continue;
                    matched = true;
                    rightMatched[j] = true;
                    Collect(joined);
                }
            }
            if (!matched && _outer[0])
            {
                Collect(JoinedRow.Padded(0, l, _widths[0], _widths[1]));
            }
        }
        if (!_outer[1]) return;
        for (var j = 0; j < right.Count; j++)
        {
            if (rightMatched[j]) continue;
            Collect(JoinedRow.Padded(1, right[j], _widths[0], _widths[1]));
        }
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_windows.Count);
        foreach (var (end, window) in _windows)
        {
            writer.Write(end);
            writer.Write(window.Keys.Count);
            foreach (var (key, (left, right)) in window.Keys)
            {
                ValueCodec.WriteRow(writer, key.Values);
                writer.Write(left.Count);
                foreach (var row in left) ValueCodec.WriteRow(writer, row);
                writer.Write(right.Count);
                foreach (var row in right) ValueCodec.WriteRow(writer, row);
            }
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        var windows = reader.ReadInt32();
        for (var w = 0; w < windows; w++)
        {
            var end = reader.ReadInt64();
            var window = new Window();
            var keys = reader.ReadInt32();
            for (var k = 0; k < keys; k++)
            {
                var key = new RowKey(ValueCodec.ReadRow(reader));
                var left = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ValueCodec.ReadRow(reader)).ToList();
                var right = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ValueCodec.ReadRow(reader)).ToList();
                window.Keys[key] = (left, right);
            }
            _windows[end] = window;
        }
    }
}
