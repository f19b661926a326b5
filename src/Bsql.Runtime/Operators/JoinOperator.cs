using Bsql.Planner.Physical;
using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators;

/// <summary>
/// A regular streaming join on equal keys (<see cref="JoinSpec"/>): keeps every row of both sides per
/// key and emits an update stream of left ++ right rows. An accumulating row (+I/+U) emits +I for each
/// match; a retracting row (-U/-D) emits -D for each match it had. Outer sides are padded with NULLs
/// while a row has no match (+I of the padded row, -D of it once a match appears, and back again when
/// the last match is retracted). Keys idle for the state TTL (processing time) are dropped, as in Flink.
/// </summary>
public sealed class JoinOperator : StreamOperator
{
    private sealed class Entry(object?[] row)
    {
        public readonly object?[] Row = row;
        public int Count = 1;
        public int Matches;
    }

    private sealed class KeyState
    {
        public readonly List<Entry>[] Sides = [[], []];
        public long LastAccess;
    }

    private readonly JoinSpec _spec;
    private readonly int[][] _keys;
    private readonly bool[] _outer;
    private readonly Dictionary<RowKey, KeyState> _state = [];
    private Func<object?[], bool>? _condition;
    private int[] _widths = [0, 0];
    private long? _ttl;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public JoinOperator(JoinSpec spec)
    {
        _spec = spec;
        _keys = [[.. spec.LeftKeys], [.. spec.RightKeys]];
        _outer = [spec.Type is JoinType.Left or JoinType.Full, spec.Type is JoinType.Right or JoinType.Full];
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _condition = _spec.Condition is null ? null : Context.Expressions.CompilePredicate(_spec.Condition);
        _widths = [Context.InputSchemas[0].Count, Context.InputSchemas[1].Count];
        _ttl = _spec.StateTtlMs ?? Context.JobOptions.StateTtlMs;
        if (_ttl <= 0) _ttl = null;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var now = _ttl is null ? 0 : Context.Timers.CurrentProcessingTime;
        for (var r = 0; r < batch.Count; r++)
        {
            var row = batch[r];
            var key = RowKey.Of(row, _keys[input]);
            // SQL equality: a NULL key joins nothing (an outer row is still padded).
            var nullKey = Array.IndexOf(key.Values, null) >= 0;
            if (!_state.TryGetValue(key, out var state))
            {
                state = new KeyState();
                if (!nullKey) _state[key] = state;
                if (_ttl is { } ttl && !nullKey) Context.Timers.RegisterProcessingTimer(now + ttl, key);
            }
            state.LastAccess = now;
            if (batch.KindAt(r) is RowKind.Insert or RowKind.UpdateAfter) Accumulate(input, row, state, nullKey);
            else Retract(input, row, state);
        }
    }

    private void Accumulate(int side, object?[] row, KeyState state, bool nullKey)
    {
        var other = 1 - side;
        var matches = 0;
        foreach (var o in state.Sides[other])
        {
            var joined = Join(side, row, o.Row);
            if (_condition is not null && !_condition(joined)) continue;
            matches++;
            if (_outer[other] && o.Matches == 0)
            {
                var padded = Pad(other, o.Row);
                for (var c = 0; c < o.Count; c++) Collect(padded, RowKind.Delete);
            }
            o.Matches++;
            for (var c = 0; c < o.Count; c++) Collect(c == 0 ? joined : (object?[])joined.Clone());
        }
        if (_outer[side] && matches == 0) Collect(Pad(side, row));
        if (nullKey) return;
        var mine = state.Sides[side];
        foreach (var e in mine)
        {
            if (SameRow(e.Row, row))
            {
                e.Count++;
                return;
            }
        }
        mine.Add(new Entry(row) { Matches = matches });
    }

    private void Retract(int side, object?[] row, KeyState state)
    {
        var mine = state.Sides[side];
        var index = mine.FindIndex(e => SameRow(e.Row, row));
        if (index < 0) return;
        var entry = mine[index];
        if (--entry.Count == 0) mine.RemoveAt(index);
        var other = 1 - side;
        var matches = 0;
        foreach (var o in state.Sides[other])
        {
            var joined = Join(side, row, o.Row);
            if (_condition is not null && !_condition(joined)) continue;
            matches++;
            for (var c = 0; c < o.Count; c++) Collect(c == 0 ? joined : (object?[])joined.Clone(), RowKind.Delete);
            o.Matches--;
            if (_outer[other] && o.Matches == 0)
            {
                var padded = Pad(other, o.Row);
                for (var c = 0; c < o.Count; c++) Collect(padded);
            }
        }
        if (_outer[side] && matches == 0) Collect(Pad(side, row), RowKind.Delete);
    }

    private object?[] Join(int side, object?[] row, object?[] other) => JoinedRow.Of(side, row, other, _widths[0], _widths[1]);

    private object?[] Pad(int side, object?[] row) => JoinedRow.Padded(side, row, _widths[0], _widths[1]);

    private static bool SameRow(object?[] a, object?[] b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!SqlValueComparer.Instance.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (_ttl is not { } ttl || key is not RowKey rowKey || !_state.TryGetValue(rowKey, out var state)) return;
        if (state.LastAccess + ttl <= time) _state.Remove(rowKey);
        else Context.Timers.RegisterProcessingTimer(state.LastAccess + ttl, rowKey);
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_state.Count);
        foreach (var (key, state) in _state)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(state.LastAccess);
            foreach (var side in state.Sides)
            {
                writer.Write(side.Count);
                foreach (var e in side)
                {
                    ValueCodec.WriteRow(writer, e.Row);
                    writer.Write(e.Count);
                    writer.Write(e.Matches);
                }
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
            var state = new KeyState { LastAccess = reader.ReadInt64() };
            foreach (var side in state.Sides)
            {
                var n = reader.ReadInt32();
                for (var i = 0; i < n; i++)
                {
                    side.Add(new Entry(ValueCodec.ReadRow(reader)) { Count = reader.ReadInt32(), Matches = reader.ReadInt32() });
                }
            }
            _state[key] = state;
        }
    }
}
