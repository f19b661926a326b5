using Bsql.Planner.Physical;
using Bsql.Runtime.Operators.Aggregates;
using Bsql.Runtime.State;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Unbounded GROUP BY (<see cref="GroupAggregateSpec"/>): one accumulator set per key; every input
/// row updates its group and emits the change: <c>+I</c> for a new group, <c>-U</c>/<c>+U</c> when its
/// result changed, <c>-D</c> when retractions empty it. Accepts update streams (retractions undo
/// additions). Groups idle for the state TTL (processing time) are dropped silently, as in Flink.
/// </summary>
public sealed class GroupAggregateOperator : StreamOperator
{
    private sealed class Group
    {
        public Accumulator[] Accumulators = [];
        public object?[]? Emitted;
        public long Rows;
        public long LastAccess;
    }

    private readonly GroupAggregateSpec _spec;
    private readonly int[] _keys;
    private readonly Dictionary<RowKey, Group> _groups = [];
    private AggregateSet _aggregates = null!;
    private long? _ttl;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public GroupAggregateOperator(GroupAggregateSpec spec)
    {
        _spec = spec;
        _keys = [.. spec.GroupKeys];
        if (spec.Phase != AggregatePhase.Single)
        {
            throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.InvalidPlan,
                $"two-phase aggregation ({spec.Phase}) is not supported by this runtime yet");
        }
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _aggregates = new AggregateSet(_spec.Aggregates, Context.InputSchemas[0], retractable: true);
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
            var retract = batch.KindAt(r) is RowKind.UpdateBefore or RowKind.Delete;
            var key = RowKey.Of(row, _keys);
            if (!_groups.TryGetValue(key, out var group))
            {
                // Retracting a row of a group we do not hold (expired state): nothing to undo.
                if (retract) continue;
                group = new Group { Accumulators = _aggregates.Create(row) };
                _groups[key] = group;
                if (_ttl is { } ttl) Context.Timers.RegisterProcessingTimer(now + ttl, key);
            }
            group.LastAccess = now;
            if (retract)
            {
                _aggregates.Retract(group.Accumulators, row);
                group.Rows--;
            }
            else
            {
                _aggregates.Add(group.Accumulators, row);
                group.Rows++;
            }
            if (group.Rows <= 0)
            {
                if (group.Emitted is not null) Collect(group.Emitted, RowKind.Delete);
                _groups.Remove(key);
                continue;
            }
            var result = new object?[key.Values.Length + _aggregates.Count];
            Array.Copy(key.Values, result, key.Values.Length);
            AggregateSet.WriteResults(group.Accumulators, result, key.Values.Length);
            if (group.Emitted is null)
            {
                Collect(result);
            }
            else if (!SameRow(group.Emitted, result))
            {
                Collect(group.Emitted, RowKind.UpdateBefore);
                Collect(result, RowKind.UpdateAfter);
            }
            else continue;
            group.Emitted = result;
        }
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (_ttl is not { } ttl || key is not RowKey rowKey || !_groups.TryGetValue(rowKey, out var group)) return;
        if (group.LastAccess + ttl <= time) _groups.Remove(rowKey);
        else Context.Timers.RegisterProcessingTimer(group.LastAccess + ttl, rowKey);
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        writer.Write(_groups.Count);
        foreach (var (key, group) in _groups)
        {
            ValueCodec.WriteRow(writer, key.Values);
            writer.Write(group.Rows);
            writer.Write(group.LastAccess);
            ValueCodec.Write(writer, group.Emitted);
            foreach (var a in group.Accumulators) a.Write(writer);
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = new RowKey(ValueCodec.ReadRow(reader));
            var group = new Group
            {
                Rows = reader.ReadInt64(),
                LastAccess = reader.ReadInt64(),
                Emitted = (object?[]?)ValueCodec.Read(reader),
                Accumulators = _aggregates.Create(null),
            };
            foreach (var a in group.Accumulators) a.Read(reader);
            _groups[key] = group;
        }
    }

    private static bool SameRow(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!SqlValueComparer.Instance.Equals(a[i], b[i])) return false;
        }
        return true;
    }
}
