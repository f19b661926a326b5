using Bsql.Planner.Physical;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// An event-time interval join (<see cref="IntervalJoinSpec"/>): a left row <c>a</c> and a right row
/// <c>b</c> with equal keys match when <c>a.t + lower &lt;= b.t &lt;= a.t + upper</c> and the condition
/// holds. Append-only: each match is emitted once, when its second row arrives. A row stays buffered
/// until the watermark proves no future row of the other side can match it (left: <c>a.t + upper &lt;=
/// watermark</c>; right: <c>b.t - lower &lt;= watermark</c>); an outer side's row that never matched is
/// then emitted padded with NULLs.
/// </summary>
public sealed class IntervalJoinOperator : StreamOperator
{
    private sealed class Entry(object?[] row, long time, RowKey key)
    {
        public readonly object?[] Row = row;
        public readonly long Time = time;
        public readonly RowKey Key = key;
        public bool Matched;
    }

    private readonly IntervalJoinSpec _spec;
    private readonly int[][] _keys;
    private readonly int[] _timeIndex;
    private readonly bool[] _outer;
    private readonly Dictionary<RowKey, List<Entry>>[] _buffers = [[], []];
    private readonly PriorityQueue<Entry, (long, long)>[] _expiry = [new(), new()];
    private Func<object?[], bool>? _condition;
    private int[] _widths = [0, 0];
    private long _seq;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public IntervalJoinOperator(IntervalJoinSpec spec)
    {
        _spec = spec;
        _keys = [[.. spec.LeftKeys], [.. spec.RightKeys]];
        _timeIndex = [spec.LeftTimeIndex, spec.RightTimeIndex];
        _outer = [spec.Type is JoinType.Left or JoinType.Full, spec.Type is JoinType.Right or JoinType.Full];
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _condition = _spec.Condition is null ? null : Context.Expressions.CompilePredicate(_spec.Condition);
        _widths = [Context.InputSchemas[0].Count, Context.InputSchemas[1].Count];
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var other = 1 - input;
        var watermark = CurrentWatermark;
        for (var r = 0; r < batch.Count; r++)
        {
            if (batch.KindAt(r) is RowKind.UpdateBefore or RowKind.Delete) continue;
            var row = batch[r];
            if (row[_timeIndex[input]] is not { } ts)
            {
                if (_outer[input]) Collect(Pad(input, row));
                continue;
            }
            var t = EventTime.ToMillis(ts);
            var key = RowKey.Of(row, _keys[input]);
            var entry = new Entry(row, t, key);
            var nullKey = Array.IndexOf(key.Values, null) >= 0;
            if (!nullKey && _buffers[other].TryGetValue(key, out var candidates))
            {
                foreach (var o in candidates)
                {
                    var (lt, rt) = input == 0 ? (t, o.Time) : (o.Time, t);
                    if (rt < lt + _spec.LowerBoundMs || rt > lt + _spec.UpperBoundMs) continue;
                    var joined = Join(input, row, o.Row);
                    if (_condition is not null && !_condition(joined)) continue;
                    entry.Matched = true;
                    o.Matched = true;
                    Collect(joined);
                }
            }
            var expires = ExpiresAt(input, t);
            if (nullKey || expires <= watermark)
            {
                // No future row of the other side can match it: do not buffer.
                if (_outer[input] && !entry.Matched) Collect(Pad(input, row));
                continue;
            }
            if (!_buffers[input].TryGetValue(key, out var mine))
            {
                mine = [];
                _buffers[input][key] = mine;
            }
            mine.Add(entry);
            _expiry[input].Enqueue(entry, (expires, _seq++));
        }
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        for (var side = 0; side < 2; side++)
        {
            var queue = _expiry[side];
            while (queue.TryPeek(out var entry, out var priority) && priority.Item1 <= watermark)
            {
                queue.Dequeue();
                var list = _buffers[side][entry.Key];
                list.Remove(entry);
                if (list.Count == 0) _buffers[side].Remove(entry.Key);
                if (_outer[side] && !entry.Matched) Collect(Pad(side, entry.Row));
            }
        }
        base.ProcessWatermark(watermark);
    }

    private long ExpiresAt(int side, long t) => side == 0 ? t + _spec.UpperBoundMs : t - _spec.LowerBoundMs;

    private object?[] Join(int side, object?[] row, object?[] other) => JoinedRow.Of(side, row, other, _widths[0], _widths[1]);

    private object?[] Pad(int side, object?[] row) => JoinedRow.Padded(side, row, _widths[0], _widths[1]);

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        for (var side = 0; side < 2; side++)
        {
            var entries = _expiry[side].UnorderedItems.OrderBy(e => e.Priority.Item2).ToList();
            writer.Write(entries.Count);
            foreach (var (entry, _) in entries)
            {
                ValueCodec.WriteRow(writer, entry.Row);
                writer.Write(entry.Matched);
            }
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        for (var side = 0; side < 2; side++)
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var row = ValueCodec.ReadRow(reader);
                var t = EventTime.ToMillis(row[_timeIndex[side]]!);
                var key = RowKey.Of(row, _keys[side]);
                var entry = new Entry(row, t, key) { Matched = reader.ReadBoolean() };
                if (!_buffers[side].TryGetValue(key, out var list))
                {
                    list = [];
                    _buffers[side][key] = list;
                }
                list.Add(entry);
                _expiry[side].Enqueue(entry, (ExpiresAt(side, t), _seq++));
            }
        }
    }
}
