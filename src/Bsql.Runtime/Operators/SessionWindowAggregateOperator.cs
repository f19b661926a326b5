using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Operators.Aggregates;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// SESSION window aggregation: per key, a row at <c>t</c> opens the window <c>[t, t + gap)</c>, and
/// overlapping windows of a key merge into one session. A session is emitted once the watermark
/// reaches its end - 1, sessions in order of end, then of their key's first appearance. A row whose
/// own window would already have fired is late: dropped and counted.
/// </summary>
public sealed class SessionWindowAggregateOperator : StreamOperator
{
    private sealed class Session
    {
        public long Start;
        public long End;
        public Accumulator[] Accumulators = [];
    }

    private readonly WindowAggregateSpec _spec;
    private readonly int[] _keys;
    private readonly long _gap;
    private readonly Dictionary<RowKey, (long Seq, List<Session> Sessions)> _sessions = [];
    private readonly PriorityQueue<(RowKey Key, long End), (long End, long Seq)> _queue = new();
    private AggregateSet _aggregates = null!;
    private bool _rowtimeLtz;
    private LocalWindowTime? _local;
    private long _nextSeq;

    /// <summary>An operator executing <paramref name="spec"/>, whose window is a <see cref="SessionWindow"/>.</summary>
    public SessionWindowAggregateOperator(WindowAggregateSpec spec)
    {
        _spec = spec;
        _keys = [.. spec.GroupKeys];
        _gap = ((SessionWindow)spec.Window).GapMs;
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        var input = Context.InputSchemas[0];
        _aggregates = new AggregateSet(_spec.Aggregates, input, retractable: false);
        _rowtimeLtz = input[_spec.Window.TimeIndex].Type.Kind == SqlTypeKind.TimestampLtz;
        // Sessions are kept in instants; their bounds are shown on the session zone's clock (local TIMESTAMPs, as in Flink).
        _local = LocalWindowTime.For(Context.SessionTimeZone, _rowtimeLtz || _spec.Window.ProcTime);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var procTime = _spec.Window.ProcTime;
        var timeIndex = _spec.Window.TimeIndex;
        var watermark = CurrentWatermark;
        long late = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            var kind = batch.KindAt(r);
            if (kind is RowKind.UpdateBefore or RowKind.Delete) continue;
            var row = batch[r];
            long t;
            if (procTime) t = Context.Timers.CurrentProcessingTime;
            else if (row[timeIndex] is { } ts) t = EventTime.ToMillis(ts);
            else
            {
                late++;
                continue;
            }
            if (!procTime && t + _gap - 1 <= watermark)
            {
                late++;
                continue;
            }
            Add(RowKey.Of(row, _keys), row, t);
        }
        if (late > 0) Context.Metrics.AddLate(late);
    }

    private void Add(RowKey key, object?[] row, long t)
    {
        if (!_sessions.TryGetValue(key, out var entry))
        {
            entry = (_nextSeq++, []);
            _sessions[key] = entry;
        }
        var sessions = entry.Sessions;
        var start = t;
        var end = t + _gap;
        Session? target = null;
        for (var i = sessions.Count - 1; i >= 0; i--)
        {
            var s = sessions[i];
            if (s.Start >= end || t >= s.End) continue;
            if (target is null)
            {
                target = s;
                continue;
            }
            AggregateSet.Merge(target.Accumulators, s.Accumulators);
            target.Start = Math.Min(target.Start, s.Start);
            target.End = Math.Max(target.End, s.End);
            sessions.RemoveAt(i);
        }
        if (target is null)
        {
            target = new Session { Start = start, End = end, Accumulators = _aggregates.Create(row) };
            sessions.Add(target);
            Enqueue(key, entry.Seq, target.End);
        }
        else
        {
            var oldEnd = target.End;
            target.Start = Math.Min(target.Start, start);
            target.End = Math.Max(target.End, end);
            if (target.End != oldEnd) Enqueue(key, entry.Seq, target.End);
        }
        _aggregates.Add(target.Accumulators, row);
    }

    private void Enqueue(RowKey key, long seq, long end)
    {
        _queue.Enqueue((key, end), (end, seq));
        if (_spec.Window.ProcTime) Context.Timers.RegisterProcessingTimer(end - 1, key);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        if (!_spec.Window.ProcTime) Fire(watermark);
        base.ProcessWatermark(watermark);
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (processingTime) Fire(time);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input) => Fire(long.MaxValue);

    private void Fire(long progress)
    {
        while (_queue.TryPeek(out var item, out var priority) && priority.End - 1 <= progress)
        {
            _queue.Dequeue();
            if (!_sessions.TryGetValue(item.Key, out var entry)) continue;
            var sessions = entry.Sessions;
            // Entries of sessions that grew or merged since are stale: only the exact end fires.
            var index = sessions.FindIndex(s => s.End == item.End);
            if (index < 0) continue;
            var session = sessions[index];
            sessions.RemoveAt(index);
            if (sessions.Count == 0) _sessions.Remove(item.Key);
            Emit(item.Key, session);
        }
    }

    private void Emit(RowKey key, Session session)
    {
        var keyCount = key.Values.Length;
        var properties = _spec.Properties;
        var row = new object?[keyCount + session.Accumulators.Length + properties.Length];
        Array.Copy(key.Values, row, keyCount);
        AggregateSet.WriteResults(session.Accumulators, row, keyCount);
        var p = keyCount + session.Accumulators.Length;
        foreach (var property in properties)
        {
            row[p++] = property switch
            {
                WindowProperty.Start => EventTime.ToTimestamp(_local?.ToLocal(session.Start) ?? session.Start),
                WindowProperty.End => EventTime.ToTimestamp(_local?.ToLocal(session.End) ?? session.End),
                WindowProperty.RowTime => _rowtimeLtz ? EventTime.ToTimestampLtz(session.End - 1) : EventTime.ToTimestamp(session.End - 1),
                _ => EventTime.ToTimestampLtz(Context.Timers.CurrentProcessingTime),
            };
        }
        Collect(row);
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_nextSeq);
        writer.Write(_sessions.Count);
        foreach (var (key, (seq, sessions)) in _sessions)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(seq);
            writer.Write(sessions.Count);
            foreach (var s in sessions)
            {
                writer.Write(s.Start);
                writer.Write(s.End);
                foreach (var a in s.Accumulators) a.Write(writer);
            }
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        _nextSeq = reader.ReadInt64();
        var keys = reader.ReadInt32();
        for (var k = 0; k < keys; k++)
        {
            var key = new RowKey(ValueCodec.ReadRow(reader));
            var seq = reader.ReadInt64();
            var count = reader.ReadInt32();
            var sessions = new List<Session>(count);
            for (var i = 0; i < count; i++)
            {
                var s = new Session { Start = reader.ReadInt64(), End = reader.ReadInt64(), Accumulators = _aggregates.Create(null) };
                foreach (var a in s.Accumulators) a.Read(reader);
                sessions.Add(s);
                _queue.Enqueue((key, s.End), (s.End, seq));
            }
            _sessions[key] = (seq, sessions);
        }
    }
}
