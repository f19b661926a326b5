using Bsql.Planner.Physical;
using Bsql.Runtime.Operators.Aggregates;
using Bsql.Runtime.State;
using Bsql.Runtime.State.Spill;

namespace Bsql.Runtime.Operators;

/// <summary>
/// Unbounded GROUP BY (<see cref="GroupAggregateSpec"/>): one accumulator set per key; every input
/// row updates its group and emits the change: <c>+I</c> for a new group, <c>-U</c>/<c>+U</c> when its
/// result changed, <c>-D</c> when retractions empty it. Accepts update streams (retractions undo
/// additions). Groups idle for the state TTL (processing time) are dropped silently, as in Flink.
/// <para>
/// Memory: with <c>state.memory.max</c> set, groups live in hash partitions. When the estimated state
/// passes the subtask's share, the largest partitions are written to disk (a base file of their groups);
/// rows for a spilled partition are appended to its log and applied, in arrival order, when the
/// partition is loaded back: once its log is half the size of its base, when its oldest logged row has
/// waited <see cref="KeyedStateOptions.MaxSpillDelayMs"/> (within an I/O budget), or at the end of the input. Changes of spilled
/// keys are thus emitted late, in batches (per key, in order). See docs/design.md, "Keyed state spill".
/// </para>
/// </summary>
public sealed class GroupAggregateOperator : StreamOperator
{
    private const int GroupOverhead = 32 + 40 + 48 + 24;
    private const long MinLogBytes = 256 * 1024;
    private static readonly object CatchUpTimerKey = "spill-catch-up";

    private sealed class Group
    {
        public Accumulator[] Accumulators = [];
        public object?[]? Emitted;
        public long Rows;
        public long LastAccess;
        public long Bytes;
    }

    private readonly GroupAggregateSpec _spec;
    private readonly KeyedStateOptions _options;
    private readonly int[] _keys;
    private Dictionary<RowKey, Group>[] _parts = [[]];
    private AggregateSet _aggregates = null!;
    private bool _grows;
    private long? _ttl;
    private long _memoryMax = long.MaxValue;

    // Spill (only when a memory limit is set): per partition, its bytes in memory, whether it is on disk,
    // its base file and log file, and log records not yet written.
    private long[] _partBytes = [0];
    private bool[] _spilled = [false];
    private long[] _oldestLogged = [0];
    private SpillPartitions? _bases;
    private SpillPartitions? _logs;
    private List<(RowKind Kind, long Time, object?[] Row)>[]? _logBuffer;
    private long _logBufferBytes;
    private bool _catchUpTimer;
    private long _loadCredit;
    private long _rowsSinceTimer;
    private readonly Queue<int> _due = new();
    private readonly SpillFileTracker _files = new();
    private SpillMemory _collector = new(long.MaxValue);
    private readonly HashSet<string> _adoptedDirectories = [];
    private string? _spillDirectory;
    private IEnumerator<bool>? _finishing;
    private bool _ended;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public GroupAggregateOperator(GroupAggregateSpec spec, KeyedStateOptions? options = null)
    {
        _spec = spec;
        _options = options ?? new KeyedStateOptions();
        _keys = [.. spec.GroupKeys];
    }

    /// <summary>Estimated bytes of keyed state in memory now.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>The largest <see cref="MemoryBytes"/> seen after a batch.</summary>
    public long PeakMemoryBytes { get; private set; }

    /// <summary>Bytes written to spill files (bases and logs) so far.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Groups held, in memory and on disk (on disk: as of their partition's last load).</summary>
    public long GroupCount => _parts.Sum(p => (long)p.Count) + (_bases is null ? 0 : Enumerable.Range(0, _bases.Count).Sum(p => _bases.Records(p)));

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        EnsureState();
        return ValueTask.CompletedTask;
    }

    private void EnsureState()
    {
        if (_aggregates is not null) return;
        var retractable = _spec.Phase == AggregatePhase.Single
            || (Context.InputChangelogs.Count > 0 && Context.InputChangelogs[0] != ChangelogMode.InsertOnly);
        _aggregates = new AggregateSet(_spec.Aggregates, Context.InputSchemas[0], retractable);
        _grows = _aggregates.Create(null).Any(a => a.Grows);
        _ttl = _spec.StateTtlMs ?? Context.JobOptions.StateTtlMs;
        if (_ttl <= 0) _ttl = null;
        var max = _options.MemoryMaxBytes ?? Context.JobOptions.StateMemoryMaxBytes / Math.Max(1, Context.Parallelism);
        if (max is > 0 && _spec.Phase != AggregatePhase.Local)
        {
            _memoryMax = Math.Max(1, (long)(max.Value * _options.LiveStateShare));
            _collector = new SpillMemory(_memoryMax);
            var partitions = _options.SpillPartitions;
            _parts = new Dictionary<RowKey, Group>[partitions];
            for (var p = 0; p < partitions; p++) _parts[p] = [];
            _partBytes = new long[partitions];
            _spilled = new bool[partitions];
            _oldestLogged = new long[partitions];
        }
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        if (_spec.Phase == AggregatePhase.Local)
        {
            PreAggregate(batch);
            return;
        }
        var now = _ttl is null && _bases is null ? 0 : Context.Timers.CurrentProcessingTime;
        var partitions = _parts.Length;
        for (var r = 0; r < batch.Count; r++)
        {
            var row = batch[r];
            var kind = batch.KindAt(r);
            var key = RowKey.Of(row, _keys);
            var p = partitions == 1 ? 0 : SpillPartitions.PartitionOf(key, partitions);
            if (_spilled[p])
            {
                Log(p, kind, now, row);
                continue;
            }
            if (_spec.Phase == AggregatePhase.Global) ApplyPartial(p, key, Partials(row), now);
            else Apply(p, key, row, kind, now);
        }
        _rowsSinceTimer += batch.Count;
        if (_bases is not null) CatchUpDue(now, idle: false);
        EnforceMemory();
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (ReferenceEquals(key, CatchUpTimerKey) || key is string marker && marker == (string)CatchUpTimerKey)
        {
            _catchUpTimer = false;
            if (_bases is not null)
            {
                CatchUpDue(time, idle: _rowsSinceTimer == 0);
                EnforceMemory();
            }
            return;
        }
        if (_ttl is not { } ttl || key is not RowKey rowKey) return;
        var part = _parts[_parts.Length == 1 ? 0 : SpillPartitions.PartitionOf(rowKey, _parts.Length)];
        // A spilled group is checked for expiry when its partition is loaded back.
        if (!part.TryGetValue(rowKey, out var group)) return;
        if (group.LastAccess + ttl <= time) Remove(part, rowKey, group);
        else Context.Timers.RegisterProcessingTimer(group.LastAccess + ttl, rowKey);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input)
    {
        _ended = true;
        if (_bases is null || !_spilled.Any(s => s)) return;
        // Every logged row is applied (and its changes emitted) before the end, one partition per step.
        _finishing = FinishSpilled().GetEnumerator();
        ContinueWork();
    }

    /// <inheritdoc />
    /// <remarks>Also while a spilled partition's log is full: partitions are loaded one per step, so the changes
    /// a load replays flow downstream before the next load.</remarks>
    public override bool HasPendingWork => _finishing is not null || _due.Count > 0 || FullPartition() >= 0;

    /// <inheritdoc />
    public override void ContinueWork()
    {
        if (_finishing is null)
        {
            var p = FullPartition();
            while (p < 0 && _due.Count > 0)
            {
                var due = _due.Dequeue();
                if (_spilled[due]) p = due;
            }
            if (p < 0) return;
            Load(p, Context.Timers.CurrentProcessingTime);
            EnforceMemory();
            return;
        }
        if (_finishing.MoveNext()) return;
        _finishing.Dispose();
        _finishing = null;
    }

    /// <summary>A spilled partition whose log reached half its base (see <see cref="CatchUpDue"/>), or -1.</summary>
    private int FullPartition()
    {
        if (_bases is null) return -1;
        for (var p = 0; p < _parts.Length; p++)
        {
            if (_spilled[p] && LogFull(p)) return p;
        }
        return -1;
    }

    private bool LogFull(int p)
    {
        var logged = _logs!.Length(p) + _logBuffer![p].Count * 64L;
        return logged > 0 && logged >= Math.Max(Math.Min(MinLogBytes, _memoryMax / 8), _bases!.Length(p) / 2);
    }

    private IEnumerable<bool> FinishSpilled()
    {
        var now = Context.Timers.CurrentProcessingTime;
        for (var p = 0; p < _parts.Length; p++)
        {
            if (!_spilled[p]) continue;
            Load(p, now);
            // Written back at once: the input has ended, no row will update this partition again.
            var bytes = _partBytes[p];
            Evict(p);
            _collector.Freed(bytes);
            yield return true;
        }
    }

    /// <inheritdoc />
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken)
    {
        while (_finishing is not null) ContinueWork();
        _files.BeginCheckpoint(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken)
    {
        _files.CheckpointComplete(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        while (_finishing is not null) ContinueWork();
        if (!_files.Checkpointed) _files.BeginCheckpoint(0);
        writer.Write(_parts.Sum(p => p.Count));
        foreach (var part in _parts)
        {
            foreach (var (key, group) in part)
            {
                ValueCodec.WriteRow(writer, key.Values);
                writer.Write(group.Rows);
                writer.Write(group.LastAccess);
                ValueCodec.Write(writer, group.Emitted);
                foreach (var a in group.Accumulators) a.Write(writer);
            }
        }
        // Spilled partitions: base and log files by path and length (after the in-memory layout, which older checkpoints end with).
        writer.Write(_bases is not null);
        if (_bases is null) return;
        FlushLogs();
        writer.Write(_parts.Length);
        for (var p = 0; p < _parts.Length; p++)
        {
            writer.Write(_spilled[p]);
            writer.Write(_oldestLogged[p]);
        }
        _bases.Snapshot(writer);
        _logs!.Snapshot(writer);
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        EnsureState();
        var count = reader.ReadInt32();
        var groups = new List<(RowKey, Group)>(count);
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
            groups.Add((key, group));
        }
        if (reader.BaseStream.Position < reader.BaseStream.Length && reader.ReadBoolean())
        {
            var partitions = reader.ReadInt32();
            if (partitions != _parts.Length)
            {
                throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.CheckpointFailed,
                    $"the checkpoint's aggregation state has {partitions} spill partitions, this run {_parts.Length}: keep state.memory.max as it was");
            }
            for (var p = 0; p < partitions; p++)
            {
                _spilled[p] = reader.ReadBoolean();
                _oldestLogged[p] = reader.ReadInt64();
            }
            _bases = SpillPartitions.Restore(reader, SpillDirectory());
            _logs = SpillPartitions.Restore(reader, SpillDirectory());
            _logBuffer = NewLogBuffer();
            foreach (var path in _bases.Paths.Concat(_logs.Paths)) _adoptedDirectories.Add(Path.GetDirectoryName(path)!);
        }
        foreach (var (key, group) in groups)
        {
            var p = _parts.Length == 1 ? 0 : SpillPartitions.PartitionOf(key, _parts.Length);
            group.Bytes = GroupBytes(key, group);
            _parts[p][key] = group;
            _partBytes[p] += group.Bytes;
            MemoryBytes += group.Bytes;
        }
        _files.Restored();
    }

    /// <inheritdoc />
    public override ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _finishing?.Dispose();
        _finishing = null;
        if (_ended || !_files.Checkpointed)
        {
            foreach (var path in (_bases?.Paths ?? []).Concat(_logs?.Paths ?? [])) SpillFileTracker.TryDelete(path);
            _files.DeleteRetired();
            SpillFileTracker.TryDeleteEmptyDirectory(_spillDirectory);
            if (_ended) foreach (var dir in _adoptedDirectories) SpillFileTracker.TryDeleteDirectory(dir);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The single phase: applies one input row (an addition or a retraction) and emits the change.</summary>
    private void Apply(int p, RowKey key, object?[] row, RowKind kind, long now)
    {
        var retract = kind is RowKind.UpdateBefore or RowKind.Delete;
        var part = _parts[p];
        if (!part.TryGetValue(key, out var group))
        {
            // Retracting a row of a group we do not hold (expired state): nothing to undo.
            if (retract) return;
            group = new Group { Accumulators = _aggregates.Create(row) };
            Add(p, key, group, now);
        }
        group.LastAccess = now;
        var before = _grows ? AccumulatorBytes(group.Accumulators) : 0;
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
        if (_grows) Grew(p, group, AccumulatorBytes(group.Accumulators) - before);
        if (group.Rows <= 0)
        {
            if (group.Emitted is not null) Collect(group.Emitted, RowKind.Delete);
            Remove(part, key, group);
            return;
        }
        EmitChange(key, group);
    }

    /// <summary>The global phase of a two-phase aggregation: merges one partial accumulator set and emits the change.</summary>
    private void ApplyPartial(int p, RowKey key, Accumulator[] partials, long now)
    {
        var part = _parts[p];
        if (!part.TryGetValue(key, out var group))
        {
            // A partial arrives owned by nobody else: it becomes the group's accumulator.
            group = new Group { Accumulators = partials, Rows = 1 };
            Add(p, key, group, now);
        }
        else
        {
            var before = _grows ? AccumulatorBytes(group.Accumulators) : 0;
            AggregateSet.Merge(group.Accumulators, partials);
            if (_grows) Grew(p, group, AccumulatorBytes(group.Accumulators) - before);
        }
        group.LastAccess = now;
        EmitChange(key, group);
    }

    private Accumulator[] Partials(object?[] row)
    {
        var partials = new Accumulator[_spec.Aggregates.Length];
        for (var j = 0; j < partials.Length; j++) partials[j] = (Accumulator)row[_spec.Aggregates[j].Args[0]]!;
        return partials;
    }

    private void EmitChange(RowKey key, Group group)
    {
        var keyCount = key.Values.Length;
        var result = new object?[keyCount + group.Accumulators.Length];
        Array.Copy(key.Values, result, keyCount);
        AggregateSet.WriteResults(group.Accumulators, result, keyCount);
        if (group.Emitted is null) Collect(result);
        else if (!SameRow(group.Emitted, result))
        {
            Collect(group.Emitted, RowKind.UpdateBefore);
            Collect(result, RowKind.UpdateAfter);
        }
        else return;
        group.Emitted = result;
    }

    private void Add(int p, RowKey key, Group group, long now)
    {
        _parts[p][key] = group;
        if (_ttl is { } ttl) Context.Timers.RegisterProcessingTimer(now + ttl, key);
        if (_memoryMax == long.MaxValue) return;
        group.Bytes = GroupBytes(key, group);
        _partBytes[p] += group.Bytes;
        MemoryBytes += group.Bytes;
    }

    private void Grew(int p, Group group, long delta)
    {
        if (_memoryMax == long.MaxValue) return;
        group.Bytes += delta;
        _partBytes[p] += delta;
        MemoryBytes += delta;
    }

    private void Remove(Dictionary<RowKey, Group> part, RowKey key, Group group)
    {
        part.Remove(key);
        if (_memoryMax == long.MaxValue) return;
        var p = Array.IndexOf(_parts, part);
        _partBytes[p] -= group.Bytes;
        MemoryBytes -= group.Bytes;
    }

    private long GroupBytes(RowKey key, Group group) =>
        RowSizeEstimator.Estimate(key.Values, GroupOverhead + 8 * group.Accumulators.Length)
        + RowSizeEstimator.Estimate(key.Values, 0) + 8 * group.Accumulators.Length + 24 // the emitted row, about key + results
        + AccumulatorBytes(group.Accumulators);

    private static long AccumulatorBytes(Accumulator[] accumulators)
    {
        long bytes = 0;
        foreach (var a in accumulators) bytes += a.EstimatedBytes;
        return bytes;
    }

    /// <summary>Over the limit: writes the largest in-memory partitions to disk until state is at 3/4 of it.</summary>
    private void EnforceMemory()
    {
        if (_memoryMax == long.MaxValue) return;
        if (MemoryBytes > _memoryMax)
        {
            var target = _memoryMax - _memoryMax / 4;
            var before = MemoryBytes;
            while (MemoryBytes > target)
            {
                var largest = -1;
                for (var p = 0; p < _parts.Length; p++)
                {
                    if (!_spilled[p] && _parts[p].Count > 0 && (largest < 0 || _partBytes[p] > _partBytes[largest])) largest = p;
                }
                if (largest < 0) break;
                Evict(largest);
            }
            _collector.Freed(before - MemoryBytes);
        }
        if (MemoryBytes > PeakMemoryBytes)
        {
            PeakMemoryBytes = MemoryBytes;
            Context.Metrics.ObserveStateBytes(MemoryBytes);
        }
    }

    /// <summary>Evicts other in-memory partitions, largest first, until <paramref name="bytes"/> more fit under the limit.</summary>
    private void MakeRoom(int loading, long bytes)
    {
        var before = MemoryBytes;
        while (MemoryBytes + bytes > _memoryMax)
        {
            var largest = -1;
            for (var p = 0; p < _parts.Length; p++)
            {
                if (p != loading && !_spilled[p] && _parts[p].Count > 0 && (largest < 0 || _partBytes[p] > _partBytes[largest])) largest = p;
            }
            if (largest < 0) break;
            Evict(largest);
        }
        _collector.Freed(before - MemoryBytes);
    }

    /// <summary>Writes partition <paramref name="p"/>'s groups to a new base file and frees them.</summary>
    private void Evict(int p)
    {
        EnsureSpillFiles();
        if (_bases!.Detach(p) is { } old) _files.Retire(old);
        var part = _parts[p];
        using (var append = _bases.Append())
        {
            foreach (var (key, group) in part)
            {
                var writer = append.Writer(p);
                ValueCodec.WriteRow(writer, key.Values);
                writer.Write(group.Rows);
                writer.Write(group.LastAccess);
                foreach (var a in group.Accumulators) a.Write(writer);
                append.Wrote(p, group.Bytes);
            }
            append.Dispose();
            SpilledBytes += append.BytesWritten;
            Context.Metrics.AddSpilled(append.BytesWritten);
        }
        MemoryBytes -= _partBytes[p];
        _partBytes[p] = 0;
        _parts[p] = [];
        _spilled[p] = true;
    }

    /// <summary>Reads partition <paramref name="p"/> back, applies its logged rows in order (emitting their changes) and keeps it in memory.</summary>
    private void Load(int p, long now)
    {
        FlushLogs();
        MakeRoom(p, _bases!.Estimate(p));
        var part = _parts[p];
        _bases!.Read(p, reader =>
        {
            var key = new RowKey(ValueCodec.ReadRow(reader));
            var group = new Group { Rows = reader.ReadInt64(), LastAccess = reader.ReadInt64(), Accumulators = _aggregates.Create(null) };
            foreach (var a in group.Accumulators) a.Read(reader);
            // What was emitted for a group is always its current result (see EmitChange).
            var keyCount = key.Values.Length;
            group.Emitted = new object?[keyCount + group.Accumulators.Length];
            Array.Copy(key.Values, group.Emitted, keyCount);
            AggregateSet.WriteResults(group.Accumulators, group.Emitted, keyCount);
            if (_ttl is { } ttl && group.LastAccess + ttl <= now) return; // expired while on disk
            group.Bytes = GroupBytes(key, group);
            part[key] = group;
            _partBytes[p] += group.Bytes;
            MemoryBytes += group.Bytes;
        });
        _spilled[p] = false;
        if (_bases.Detach(p) is { } basePath) _files.Retire(basePath);
        _logs!.Read(p, reader =>
        {
            var kind = (RowKind)reader.ReadByte();
            var time = reader.ReadInt64();
            if (_spec.Phase == AggregatePhase.Global)
            {
                var key = new RowKey(ValueCodec.ReadRow(reader));
                var partials = _aggregates.Create(null);
                foreach (var a in partials) a.Read(reader);
                ApplyPartial(p, key, partials, time);
            }
            else
            {
                var row = ValueCodec.ReadRow(reader);
                Apply(p, RowKey.Of(row, _keys), row, kind, time);
            }
        });
        if (_logs.Detach(p) is { } logPath) _files.Retire(logPath);
    }

    private void Log(int p, RowKind kind, long now, object?[] row)
    {
        var buffer = _logBuffer![p];
        if (buffer.Count == 0 && _logs!.Records(p) == 0) _oldestLogged[p] = now;
        buffer.Add((kind, now, row));
        var bytes = RowSizeEstimator.Estimate(row, 48);
        _logBufferBytes += bytes;
        MemoryBytes += bytes;
        if (_logBufferBytes > Math.Max(64 * 1024, _memoryMax / 16)) FlushLogs();
    }

    /// <summary>Appends the buffered log records of every partition to the log files.</summary>
    private void FlushLogs()
    {
        if (_logBuffer is null || _logBufferBytes == 0) return;
        using (var append = _logs!.Append())
        {
            for (var p = 0; p < _logBuffer.Length; p++)
            {
                var buffer = _logBuffer[p];
                if (buffer.Count == 0) continue;
                var writer = append.Writer(p);
                foreach (var (kind, time, row) in buffer)
                {
                    writer.Write((byte)kind);
                    writer.Write(time);
                    if (_spec.Phase == AggregatePhase.Global)
                    {
                        ValueCodec.WriteRow(writer, RowKey.Of(row, _keys).Values);
                        foreach (var a in Partials(row)) a.Write(writer);
                    }
                    else
                    {
                        ValueCodec.WriteRow(writer, row);
                    }
                    append.Wrote(p, 0);
                }
                buffer.Clear();
            }
            append.Dispose();
            _loadCredit += 4 * append.BytesWritten;
            SpilledBytes += append.BytesWritten;
            Context.Metrics.AddSpilled(append.BytesWritten);
        }
        MemoryBytes -= _logBufferBytes;
        _logBufferBytes = 0;
    }

    /// <summary>
    /// Queues spilled partitions whose oldest logged row has waited too long. Partitions whose log has grown
    /// to half their base (loading then costs at most about three times the logged bytes in I/O) are loaded
    /// as pending work, one per step (<see cref="HasPendingWork"/>).
    /// </summary>
    /// <param name="idle">No row arrived since the catch-up timer was set: loading costs no throughput now.</param>
    private void CatchUpDue(long now, bool idle)
    {
        var delay = _options.MaxSpillDelayMs;
        long? nextDue = null;
        for (var p = 0; p < _parts.Length; p++)
        {
            if (!_spilled[p] || LogFull(p)) continue;
            if (_logs!.Length(p) == 0 && _logBuffer![p].Count == 0) continue;
            var due = _oldestLogged[p] + delay;
            var baseBytes = _bases!.Length(p);
            // A load for latency's sake (a small log, an old row) is paid from a budget of four times the
            // bytes logged so far: under a steady stream the size rule does the work and the delay
            // stretches; when the input goes idle, the old rows go out.
            if (due <= now && (idle || _loadCredit >= baseBytes))
            {
                // Loaded as pending work, one per step, so each load's replayed changes flow out before the next.
                if (!idle) _loadCredit -= baseBytes;
                if (!_due.Contains(p)) _due.Enqueue(p);
                continue;
            }
            var next = due <= now ? now + delay : due;
            if (nextDue is null || next < nextDue) nextDue = next;
        }
        if (nextDue is { } timer && !_catchUpTimer)
        {
            _catchUpTimer = true;
            _rowsSinceTimer = 0;
            Context.Timers.RegisterProcessingTimer(timer, CatchUpTimerKey);
        }
    }

    private void EnsureSpillFiles()
    {
        if (_bases is not null) return;
        _bases = new SpillPartitions(SpillDirectory(), "base", _parts.Length);
        _logs = new SpillPartitions(SpillDirectory(), "log", _parts.Length);
        _logBuffer = NewLogBuffer();
    }

    private List<(RowKind, long, object?[])>[] NewLogBuffer()
    {
        var buffers = new List<(RowKind, long, object?[])>[_parts.Length];
        for (var p = 0; p < buffers.Length; p++) buffers[p] = [];
        return buffers;
    }

    private string SpillDirectory() => _spillDirectory ??= Context.NewSpillDirectory("groupagg", _options.SpillDirectory);

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

    private static bool SameRow(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!SqlValueComparer.Instance.Equals(a[i], b[i])) return false;
        }
        return true;
    }
}
