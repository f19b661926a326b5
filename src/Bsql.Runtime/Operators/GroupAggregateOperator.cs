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
    }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        var retractable = _spec.Phase == AggregatePhase.Single
            || (Context.InputChangelogs.Count > 0 && Context.InputChangelogs[0] != ChangelogMode.InsertOnly);
        _aggregates = new AggregateSet(_spec.Aggregates, Context.InputSchemas[0], retractable);
        _ttl = _spec.StateTtlMs ?? Context.JobOptions.StateTtlMs;
        if (_ttl <= 0) _ttl = null;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        switch (_spec.Phase)
        {
            case AggregatePhase.Local: PreAggregate(batch); return;
            case AggregatePhase.Global: MergePartials(batch); return;
        }
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

    /// <summary>
    /// The local phase of a two-phase aggregation: accumulates one batch per key and emits, per key,
    /// the keys then one partial <see cref="Accumulator"/> per aggregate (the planner's contract: the
    /// global phase's aggregate j reads partial column keys + j). Stateless between batches.
    /// </summary>
    private void PreAggregate(RowBatch batch)
    {
        var partials = new Dictionary<RowKey, Accumulator[]>();
        for (var r = 0; r < batch.Count; r++)
        {
            var row = batch[r];
            var key = RowKey.Of(row, _keys);
            if (!partials.TryGetValue(key, out var accumulators))
            {
                accumulators = _aggregates.Create(row);
                partials[key] = accumulators;
            }
            if (batch.KindAt(r) is RowKind.UpdateBefore or RowKind.Delete) _aggregates.Retract(accumulators, row);
            else _aggregates.Add(accumulators, row);
        }
        foreach (var (key, accumulators) in partials)
        {
            var row = new object?[key.Values.Length + accumulators.Length];
            Array.Copy(key.Values, row, key.Values.Length);
            Array.Copy(accumulators, 0, row, key.Values.Length, accumulators.Length);
            Collect(row);
        }
    }

    /// <summary>The global phase: merges partial accumulators per key and emits the update stream.</summary>
    private void MergePartials(RowBatch batch)
    {
        var now = _ttl is null ? 0 : Context.Timers.CurrentProcessingTime;
        var keyCount = _keys.Length;
        for (var r = 0; r < batch.Count; r++)
        {
            var row = batch[r];
            var key = RowKey.Of(row, _keys);
            if (!_groups.TryGetValue(key, out var group))
            {
                // A partial arrives owned by nobody else: it becomes the group's accumulator.
                var owned = new Accumulator[_spec.Aggregates.Length];
                for (var j = 0; j < owned.Length; j++) owned[j] = (Accumulator)row[_spec.Aggregates[j].Args[0]]!;
                group = new Group { Accumulators = owned, Rows = 1 };
                _groups[key] = group;
                if (_ttl is { } ttl) Context.Timers.RegisterProcessingTimer(now + ttl, key);
            }
            else
            {
                for (var j = 0; j < group.Accumulators.Length; j++) group.Accumulators[j].Merge((Accumulator)row[_spec.Aggregates[j].Args[0]]!);
            }
            group.LastAccess = now;
            var result = new object?[keyCount + group.Accumulators.Length];
            Array.Copy(key.Values, result, keyCount);
            AggregateSet.WriteResults(group.Accumulators, result, keyCount);
            if (group.Emitted is null) Collect(result);
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
