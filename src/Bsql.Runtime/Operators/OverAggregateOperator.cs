using System.Runtime.InteropServices;
using Bsql.Planner.Physical;
using Bsql.Runtime.Operators.Aggregates;
using Bsql.Runtime.State;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Aggregates over an OVER window (<see cref="OverAggregateSpec"/>). Per partition key: accumulators over the current frame,
/// the frame's rows (for a bounded frame, retracted as they leave it) and, over event time, the rows waiting for the
/// watermark. When the watermark passes a time, that time's rows are processed in arrival order: ROWS adds each row and
/// retracts the one that falls out of the frame, then emits it; RANGE adds all rows of the time (peers), retracts rows
/// older than the range, then emits each. Rows behind the watermark on arrival are late: dropped and counted. Over
/// processing time each row is processed on arrival (its own peer group). A RANGE frame's rows are also dropped once the
/// watermark leaves them behind, so an idle key's state does not linger.
/// </summary>
public sealed class OverAggregateOperator : StreamOperator
{
    private readonly OverAggregateSpec _spec;
    private readonly int[] _keys;
    private readonly Dictionary<RowKey, Partition> _partitions = [];
    private readonly SortedDictionary<long, HashSet<RowKey>> _due = [];
    private readonly SortedDictionary<long, HashSet<RowKey>> _expiries = [];
    private AggregateSet? _aggregates;

    private sealed class Partition(Accumulator[] accumulators)
    {
        public Accumulator[] Accumulators { get; } = accumulators;

        public Queue<(long Time, object?[] Row)> Frame { get; } = new();

        public SortedDictionary<long, List<object?[]>> Pending { get; } = [];
    }

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public OverAggregateOperator(OverAggregateSpec spec)
    {
        _spec = spec;
        _keys = [.. spec.PartitionKeys];
    }

    private bool Bounded => _spec.Preceding >= 0;

    private AggregateSet Aggregates => _aggregates ??= new AggregateSet(_spec.Aggregates, Context.InputSchemas[0], retractable: Bounded);

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        foreach (var row in batch.Rows)
        {
            var key = RowKey.Of(row, _keys);
            if (!_spec.Rowtime)
            {
                var only = row;
                Process(key, GetPartition(key, row), Context.Timers.CurrentProcessingTime, new ReadOnlySpan<object?[]>(ref only));
                continue;
            }
            if (row[_spec.TimeIndex] is not { } timeValue || EventTime.ToMillis(timeValue) is var time && time <= CurrentWatermark)
            {
                Context.Metrics.AddLate(1);
                continue;
            }
            var partition = GetPartition(key, row);
            if (!partition.Pending.TryGetValue(time, out var rows))
            {
                rows = [];
                partition.Pending[time] = rows;
                Schedule(_due, time, key);
            }
            rows.Add(row);
        }
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        while (_due.Count > 0 && _due.First() is var (time, keys) && time <= watermark)
        {
            _due.Remove(time);
            foreach (var key in keys)
            {
                var partition = _partitions[key];
                var rows = partition.Pending[time];
                partition.Pending.Remove(time);
                Process(key, partition, time, CollectionsMarshal.AsSpan(rows));
            }
        }
        while (_expiries.Count > 0 && _expiries.First() is var (time, keys) && time <= watermark)
        {
            _expiries.Remove(time);
            foreach (var key in keys)
            {
                if (!_partitions.TryGetValue(key, out var partition)) continue;
                Expire(partition, watermark - _spec.Preceding);
                if (partition.Frame.Count == 0 && partition.Pending.Count == 0) _partitions.Remove(key);
            }
        }
        EmitWatermark(watermark);
    }

    private Partition GetPartition(RowKey key, object?[] row)
    {
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = new Partition(Aggregates.Create(row));
            _partitions[key] = partition;
        }
        return partition;
    }

    private static void Schedule(SortedDictionary<long, HashSet<RowKey>> schedule, long time, RowKey key)
    {
        if (!schedule.TryGetValue(time, out var keys))
        {
            keys = [];
            schedule[time] = keys;
        }
        keys.Add(key);
    }

    private void Process(RowKey key, Partition partition, long time, ReadOnlySpan<object?[]> rows)
    {
        var aggregates = Aggregates;
        if (_spec.Unit == OverFrameUnit.Rows)
        {
            foreach (var row in rows)
            {
                aggregates.Add(partition.Accumulators, row);
                if (Bounded)
                {
                    partition.Frame.Enqueue((time, row));
                    while (partition.Frame.Count > _spec.Preceding + 1) aggregates.Retract(partition.Accumulators, partition.Frame.Dequeue().Row);
                }
                Collect(WithResults(row, partition.Accumulators));
            }
            return;
        }
        foreach (var row in rows)
        {
            aggregates.Add(partition.Accumulators, row);
            if (Bounded) partition.Frame.Enqueue((time, row));
        }
        if (Bounded)
        {
            Expire(partition, time - _spec.Preceding);
            if (_spec.Rowtime) Schedule(_expiries, time + _spec.Preceding + 1, key);
        }
        foreach (var row in rows) Collect(WithResults(row, partition.Accumulators));
    }

    /// <summary>Retracts the frame's rows older than <paramref name="oldest"/> (a RANGE frame).</summary>
    private void Expire(Partition partition, long oldest)
    {
        if (_spec.Unit != OverFrameUnit.Range) return;
        while (partition.Frame.Count > 0 && partition.Frame.Peek().Time < oldest) Aggregates.Retract(partition.Accumulators, partition.Frame.Dequeue().Row);
    }

    private static object?[] WithResults(object?[] row, Accumulator[] accumulators)
    {
        var output = new object?[row.Length + accumulators.Length];
        Array.Copy(row, output, row.Length);
        AggregateSet.WriteResults(accumulators, output, row.Length);
        return output;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_partitions.Count);
        foreach (var (key, partition) in _partitions)
        {
            ValueCodec.WriteRow(writer, key.Values);
            foreach (var a in partition.Accumulators) a.Write(writer);
            writer.Write(partition.Frame.Count);
            foreach (var (time, row) in partition.Frame)
            {
                writer.Write(time);
                ValueCodec.WriteRow(writer, row);
            }
            writer.Write(partition.Pending.Count);
            foreach (var (time, rows) in partition.Pending)
            {
                writer.Write(time);
                writer.Write(rows.Count);
                foreach (var row in rows) ValueCodec.WriteRow(writer, row);
            }
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = new RowKey(ValueCodec.ReadRow(reader));
            var partition = new Partition(Aggregates.Create(null));
            foreach (var a in partition.Accumulators) a.Read(reader);
            var frame = reader.ReadInt32();
            for (var f = 0; f < frame; f++) partition.Frame.Enqueue((reader.ReadInt64(), ValueCodec.ReadRow(reader)));
            if (partition.Frame.Count > 0 && _spec.Rowtime && _spec.Unit == OverFrameUnit.Range && Bounded)
            {
                Schedule(_expiries, partition.Frame.Last().Time + _spec.Preceding + 1, key);
            }
            var pending = reader.ReadInt32();
            for (var p = 0; p < pending; p++)
            {
                var time = reader.ReadInt64();
                partition.Pending[time] = [.. Enumerable.Range(0, reader.ReadInt32()).Select(_ => ValueCodec.ReadRow(reader))];
                Schedule(_due, time, key);
            }
            _partitions[key] = partition;
        }
    }
}
