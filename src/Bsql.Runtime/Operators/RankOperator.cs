using Bsql.Planner.Physical;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Top-N per partition (<see cref="RankSpec"/>), ties kept in arrival order.
/// <list type="bullet">
/// <item>Continuous form: an update stream. A row entering the top N emits <c>+I</c> and the row it
/// pushes out emits <c>-D</c> (for N = 1: <c>-U</c>/<c>+U</c>, deduplication); with the rank number
/// output, rows whose rank changed are re-emitted (<c>-U</c>/<c>+U</c>). Over an append-only input only
/// the top N are kept; over an update stream every row is kept so a retraction can promote the next.</item>
/// <item>Window form (<c>WindowEndIndex</c> set): rows are buffered per window and partition (the top
/// N only) and emitted once, as inserts, when the watermark reaches the window's end - 1.</item>
/// </list>
/// </summary>
public sealed class RankOperator : StreamOperator
{
    private LocalWindowTime? _local;
    private readonly RankSpec _spec;
    private readonly int[] _partition;
    private readonly Comparison<object?[]> _order;
    private readonly Dictionary<RowKey, List<object?[]>> _state = [];
    private readonly SortedDictionary<long, Dictionary<RowKey, List<object?[]>>> _windows = [];
    private bool _keepAll;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public RankOperator(RankSpec spec)
    {
        _spec = spec;
        _partition = [.. spec.PartitionKeys];
        var keys = spec.OrderBy.ToArray();
        _order = (a, b) =>
        {
            foreach (var key in keys)
            {
                // NULL sorts first ascending and last descending (SqlValueComparer puts NULL first).
                var c = SqlValueComparer.Instance.Compare(a[key.Index], b[key.Index]);
                if (c != 0) return key.Descending ? -c : c;
            }
            return 0;
        };
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _keepAll = Context.InputChangelogs.Count > 0 && Context.InputChangelogs[0] != ChangelogMode.InsertOnly;
        // Window ends on the session zone's clock (windows over TIMESTAMP_LTZ or processing time) fire at their instant.
        _local = LocalWindowTime.For(Context.SessionTimeZone, _spec.LocalWindows);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            var row = batch[r];
            var retract = batch.KindAt(r) is RowKind.UpdateBefore or RowKind.Delete;
            if (_spec.WindowEndIndex is { } endIndex)
            {
                if (retract) continue;
                AddToWindow(row, endIndex);
                continue;
            }
            var key = RowKey.Of(row, _partition);
            if (!_state.TryGetValue(key, out var list))
            {
                if (retract) continue;
                list = [];
                _state[key] = list;
            }
            if (retract) Remove(list, row);
            else Insert(list, row);
            if (list.Count == 0) _state.Remove(key);
        }
    }

    private int UpperBound(List<object?[]> list, object?[] row)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_order(list[mid], row) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void Insert(List<object?[]> list, object?[] row)
    {
        var n = (int)Math.Min(_spec.Limit, int.MaxValue);
        var position = UpperBound(list, row);
        if (position >= n)
        {
            if (_keepAll) list.Insert(position, row);
            return;
        }
        var before = _spec.OutputRank ? list.Take(n).ToList() : null;
        list.Insert(position, row);
        var pushedOut = list.Count > n ? list[n] : null;
        if (!_keepAll && list.Count > n) list.RemoveAt(n);
        if (_spec.OutputRank)
        {
            EmitRankChanges(before!, list, position, n);
            return;
        }
        if (n == 1 && pushedOut is not null)
        {
            Collect(pushedOut, RowKind.UpdateBefore);
            Collect(row, RowKind.UpdateAfter);
            return;
        }
        if (pushedOut is not null) Collect(pushedOut, RowKind.Delete);
        Collect(row);
    }

    private void Remove(List<object?[]> list, object?[] row)
    {
        var n = (int)Math.Min(_spec.Limit, int.MaxValue);
        var index = list.FindIndex(x => SameRow(x, row));
        if (index < 0) return;
        var before = _spec.OutputRank ? list.Take(n).ToList() : null;
        var removed = list[index];
        list.RemoveAt(index);
        if (index >= n) return;
        if (_spec.OutputRank)
        {
            EmitRankChanges(before!, list, index, n);
            return;
        }
        var promoted = list.Count >= n ? list[n - 1] : null;
        if (n == 1 && promoted is not null)
        {
            Collect(removed, RowKind.UpdateBefore);
            Collect(promoted, RowKind.UpdateAfter);
            return;
        }
        Collect(removed, RowKind.Delete);
        if (promoted is not null) Collect(promoted);
    }

    private void EmitRankChanges(List<object?[]> before, List<object?[]> after, int from, int n)
    {
        for (var i = from; i < n; i++)
        {
            var old = i < before.Count ? before[i] : null;
            var now = i < after.Count ? after[i] : null;
            if (old is not null && now is not null && ReferenceEquals(old, now)) continue;
            if (old is not null && now is not null)
            {
                Collect(WithRank(old, i + 1), RowKind.UpdateBefore);
                Collect(WithRank(now, i + 1), RowKind.UpdateAfter);
            }
            else if (old is not null) Collect(WithRank(old, i + 1), RowKind.Delete);
            else if (now is not null) Collect(WithRank(now, i + 1));
        }
    }

    private static object?[] WithRank(object?[] row, long rank)
    {
        var result = new object?[row.Length + 1];
        Array.Copy(row, result, row.Length);
        result[^1] = rank;
        return result;
    }

    private void AddToWindow(object?[] row, int endIndex)
    {
        if (row[endIndex] is not { } endValue) return;
        var end = EventTime.ToMillis(endValue);
        if (_local is not null) end = _local.ToUtc(end);
        if (end - 1 <= CurrentWatermark)
        {
            Context.Metrics.AddLate(1);
            return;
        }
        if (!_windows.TryGetValue(end, out var partitions))
        {
            partitions = [];
            _windows[end] = partitions;
        }
        var key = RowKey.Of(row, _partition);
        if (!partitions.TryGetValue(key, out var list))
        {
            list = [];
            partitions[key] = list;
        }
        var position = UpperBound(list, row);
        if (position >= _spec.Limit) return;
        list.Insert(position, row);
        if (list.Count > _spec.Limit) list.RemoveAt(list.Count - 1);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        while (_windows.Count > 0)
        {
            var (end, partitions) = _windows.First();
            if (end - 1 > watermark) break;
            _windows.Remove(end);
            foreach (var list in partitions.Values)
            {
                for (var i = 0; i < list.Count; i++) Collect(_spec.OutputRank ? WithRank(list[i], i + 1) : list[i]);
            }
        }
        base.ProcessWatermark(watermark);
    }

    private static bool SameRow(object?[] a, object?[] b)
    {
        if (ReferenceEquals(a, b)) return true;
        for (var i = 0; i < a.Length; i++)
        {
            if (!SqlValueComparer.Instance.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_state.Count);
        foreach (var (key, list) in _state)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(list.Count);
            foreach (var row in list) ValueCodec.WriteRow(writer, row);
        }
        writer.Write(_windows.Count);
        foreach (var (end, partitions) in _windows)
        {
            writer.Write(end);
            writer.Write(partitions.Count);
            foreach (var (key, list) in partitions)
            {
                ValueCodec.WriteRow(writer, key.Values);
                writer.Write(list.Count);
                foreach (var row in list) ValueCodec.WriteRow(writer, row);
            }
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        var keys = reader.ReadInt32();
        for (var k = 0; k < keys; k++)
        {
            var key = new RowKey(ValueCodec.ReadRow(reader));
            _state[key] = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ValueCodec.ReadRow(reader)).ToList();
        }
        var windows = reader.ReadInt32();
        for (var w = 0; w < windows; w++)
        {
            var end = reader.ReadInt64();
            var partitions = new Dictionary<RowKey, List<object?[]>>();
            var count = reader.ReadInt32();
            for (var p = 0; p < count; p++)
            {
                var key = new RowKey(ValueCodec.ReadRow(reader));
                partitions[key] = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ValueCodec.ReadRow(reader)).ToList();
            }
            _windows[end] = partitions;
        }
    }
}
