using Bsql.Planner.Physical;
using Bsql.Runtime.State;
using Bsql.Runtime.State.Spill;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// The delayed window join (SJoin, <see cref="DelayedWindowJoinSpec"/>; language spec "The delayed
/// window join"): input 0 is the left side, input 1 the right. A left row <c>a</c> waits, bucketed by
/// its fire time <c>a.t + W + D</c>, in a <see cref="FireTimeBucketStore"/> (far buckets spill to
/// segment files under the memory limit); right rows wait by key until the watermark reaches
/// <c>b.t + W + D</c> (beyond the limit they spill too, bucketed by event time, and are read back in
/// one scan per fire-time bucket through a <see cref="SpilledRightCache"/>). When the watermark reaches a fire time, <c>a</c> is joined with the right rows
/// of its key with <c>a.t &lt;= b.t &lt; a.t + W</c> for which the residual condition is TRUE, and
/// emitted: one row per match, or one NULL-padded row. Left rows fire in (fire time, arrival) order;
/// a left row that arrives when the watermark is already at its fire time is late
/// (<see cref="LateRowPolicy"/>). Fire times are kept by the operator, not as per-row timers.
/// </summary>
public sealed class DelayedWindowJoinOperator : StreamOperator
{
    private const int StateFormat = 1;

    private readonly DelayedWindowJoinSpec _spec;
    private readonly DelayedWindowJoinOptions _options;
    private readonly int[] _leftKeys;
    private readonly int[] _rightKeys;
    private readonly long _window;
    private readonly long _retention;
    private readonly List<TimedRow> _due = [];
    private readonly List<object?[]> _matches = [];
    private FireTimeBucketStore? _left;
    private IDelayedJoinRightState? _right;
    private SpilledRightCache? _cache;
    private string? _spillDirectory;
    private Action? _fireDue;
    private long _firing;
    private Func<object?[], bool>? _condition;
    private int _leftWidth = -1;
    private int _rightWidth = -1;
    private long _memoryMax = long.MaxValue;
    private long _releasedAtGc;
    private int _gen2Count;
    private long _seq;
    private int _endedInputs;
    private bool _restoredOrCheckpointed;

    /// <summary>An operator executing <paramref name="spec"/>.</summary>
    public DelayedWindowJoinOperator(DelayedWindowJoinSpec spec, DelayedWindowJoinOptions? options = null)
    {
        if (spec.WindowMs <= 0 || spec.DelayMs < 0)
        {
            throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.InvalidPlan,
                $"delayed window join needs a positive window and a non-negative delay (window {spec.WindowMs} ms, delay {spec.DelayMs} ms)");
        }
        _spec = spec;
        _options = options ?? new DelayedWindowJoinOptions();
        _leftKeys = [.. spec.LeftKeys];
        _rightKeys = [.. spec.RightKeys];
        _window = spec.WindowMs;
        _retention = spec.WindowMs + spec.DelayMs;
    }

    /// <summary>What this subtask has done so far.</summary>
    public DelayedWindowJoinCounters Counters { get; } = new();

    /// <summary>Left rows buffered (in memory and spilled).</summary>
    public long BufferedLeftRows => _left?.Count ?? 0;

    /// <summary>Right rows buffered.</summary>
    public long BufferedRightRows => _right?.Count ?? 0;

    /// <summary>Estimated bytes of state in memory now.</summary>
    public long MemoryBytes => (_left?.MemoryBytes ?? 0) + (_right?.MemoryBytes ?? 0) + (_cache?.MemoryBytes ?? 0);

    private DeadLetterWriter? _lateRows;

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        EnsureState();
        var schemas = Context.InputSchemas;
        if (schemas.Count >= 2)
        {
            _leftWidth = schemas[0].Count;
            _rightWidth = schemas[1].Count;
        }
        else
        {
            throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.InvalidPlan, "a delayed window join needs two inputs");
        }
        if (_spec.Condition is { } condition) _condition = Context.Expressions.CompilePredicate(condition);
        if (_spec.LateRows == LateRowPolicy.DeadLetter)
        {
            // The planner checked that 'sjoin.dead-letter' names a sink of the job; OpenDeadLetters checks it again.
            var table = Context.JobOptions.SjoinDeadLetter
                ?? throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.UnknownDeadLetterTable,
                    "'sjoin.late-rows' = 'dead-letter' needs 'sjoin.dead-letter' = '<sink table>'");
            _lateRows = Context.OpenDeadLetters(table, DeadLetterColumns.KindLateRow, $"operator {Context.Operator.Id}", schemas[0]);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        if (input == 0)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                if (kinds is null || kinds[r] is RowKind.Insert or RowKind.UpdateAfter) AddLeft(rows[r]);
            }
        }
        else
        {
            for (var r = 0; r < rows.Length; r++)
            {
                if (kinds is null || kinds[r] is RowKind.Insert or RowKind.UpdateAfter) AddRight(rows[r]);
            }
        }
        EnforceMemory();
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        Fire(watermark);
        // After firing: a right row is needed up to and including the firing at b.t + W + D.
        _right!.Expire(watermark);
        if (_memoryMax != long.MaxValue) CollectReleasedState();
        base.ProcessWatermark(watermark);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input) => _endedInputs++;

    /// <inheritdoc />
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken)
    {
        EnsureState();
        _left!.BeginCheckpoint(checkpointId);
        _right!.BeginCheckpoint(checkpointId);
        _restoredOrCheckpointed = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        EnsureState();
        if (!_left!.Checkpointed)
        {
            _left.BeginCheckpoint(0);
            _right!.BeginCheckpoint(0);
        }
        _restoredOrCheckpointed = true;
        writer.Write(StateFormat);
        writer.Write(_seq);
        _left.Snapshot(writer);
        _right!.Snapshot(writer);
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        EnsureState();
        var format = reader.ReadInt32();
        if (format != StateFormat) throw new InvalidDataException($"delayed window join state format {format} is not supported");
        _seq = reader.ReadInt64();
        _left!.Restore(reader);
        _right!.Restore(reader);
        _cache!.Clear();
        _restoredOrCheckpointed = true;
    }

    /// <inheritdoc />
    public override ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken)
    {
        _left?.CheckpointComplete(checkpointId);
        _right?.CheckpointComplete(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        // A finished job needs no segment any more; after a failure, checkpoints may still name them.
        var deleteFiles = _endedInputs >= 2 || !_restoredOrCheckpointed;
        _left?.Close(deleteFiles);
        if (_spec.Global && _right is not null) SharedJoinRightState.Release(Context.Operator, deleteFiles);
        else _right?.Close(deleteFiles);
        _left = null;
        _right = null;
        _cache = null;
        return ValueTask.CompletedTask;
    }

    private void EnsureState()
    {
        if (_left is not null) return;
        var bucketMs = _options.BucketMs ?? Math.Clamp(_retention / 16, 1, 60_000);
        var max = _options.MemoryMaxBytes ?? Context.JobOptions.StateMemoryMaxBytes / Math.Max(1, Context.Parallelism);
        _memoryMax = max ?? long.MaxValue;
        // Free chunks kept for reuse are memory the estimate does not count: a small share of a small limit.
        _left = new FireTimeBucketStore(bucketMs, SpillDirectory, Math.Min(32L << 20, _memoryMax / 16));
        _right = _spec.Global
            ? SharedJoinRightState.Acquire(Context.Operator, Context.SubtaskIndex, _retention, bucketMs, _rightKeys, SpillDirectory)
            : new LocalJoinRightState(_retention, bucketMs, _rightKeys, SpillDirectory, Math.Min(8L << 20, _memoryMax / 64));
        _cache = new SpilledRightCache(_rightKeys);
    }

    private string SpillDirectory() => _spillDirectory ??= Context.NewSpillDirectory("sjoin", _options.SpillDirectory);

    private void AddLeft(object?[] row)
    {
        Counters.LeftRows++;
        var fireTime = row[_spec.LeftTimeIndex] is { } ts ? FireTime(EventTime.ToMillis(ts)) : long.MinValue;
        if (fireTime <= CurrentWatermark)
        {
            Late(row);
            return;
        }
        _left!.Add(fireTime, _seq++, row);
    }

    private void Late(object?[] row)
    {
        switch (_spec.LateRows)
        {
            case LateRowPolicy.Emit:
                Counters.LateLeftEmitted++;
                EmitUnmatched(row);
                break;
            case LateRowPolicy.Drop:
                Counters.LateLeftDropped++;
                Context.Metrics.AddLate(1);
                break;
            default:
                Counters.LateLeftDeadLettered++;
                _lateRows!.Write(row, $"late left row: its window and delay ended before it arrived (watermark {EventTime.ToTimestamp(CurrentWatermark).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)})");
                break;
        }
    }

    private void AddRight(object?[] row)
    {
        Counters.RightRows++;
        if (row[_spec.RightTimeIndex] is not { } ts || HasNullKey(row, _rightKeys))
        {
            // NULL never equals anything and a row without a time matches no window: it can never join.
            Counters.LateRightDropped++;
            return;
        }
        var time = EventTime.ToMillis(ts);
        if (Saturating(time, _retention) <= CurrentWatermark)
        {
            // Every left row this one could match fires by b.t + W + D: all were emitted or will be late.
            Counters.LateRightDropped++;
            Context.Metrics.AddLate(1);
            return;
        }
        _right!.Add(row, time);
    }

    private void Fire(long watermark)
    {
        // One fire-time bucket at a time, so that a watermark far ahead (the end of input) loads one spilled bucket at a time.
        while (true)
        {
            var more = _left!.PopDue(watermark, _due, _leftWidth + _rightWidth, out var bucket);
            if (_due.Count > 0)
            {
                _firing = bucket;
                _right!.RunExclusive(_fireDue ??= FireDue);
                _due.Clear();
            }
            if (!more) return;
            _cache!.Clear();
            if (_memoryMax != long.MaxValue) CollectReleasedState();
        }
    }

    private void FireDue()
    {
        var bucket = _firing;
        if (_right!.HasSpilled) PrepareSpilled(bucket);
        else if (_cache!.Bucket != bucket) _cache.Clear();
        Join(_due, probeCache: _cache!.Bucket == bucket);
    }

    /// <summary>Reads the spilled right rows the left rows of <paramref name="bucket"/> can match (once per bucket, then what is new).</summary>
    private void PrepareSpilled(long bucket)
    {
        var start = bucket * _left!.BucketMs;
        var keys = new List<(RowKey, ulong)>();
        var fresh = _cache!.Bucket != bucket;
        AddKeys(_due, keys);
        if (fresh) AddKeys(_left.Waiting(bucket), keys);
        _cache.Prepare(bucket, start - _retention, start + _left.BucketMs - _spec.DelayMs, keys, _right!);
        Counters.RightScannedBytes = _cache.ScannedBytes;
    }

    private void AddKeys(IEnumerable<TimedRow> rows, List<(RowKey, ulong)> keys)
    {
        foreach (var entry in rows)
        {
            if (!HasNullKey(entry.Row, _leftKeys)) keys.Add((RowKey.Of(entry.Row, _leftKeys), SpilledRightCache.Hash(entry.Row, _leftKeys)));
        }
    }

    private void Join(List<TimedRow> due, bool probeCache)
    {
        foreach (var entry in due)
        {
            var left = entry.Row;
            _matches.Clear();
            if (!HasNullKey(left, _leftKeys))
            {
                var start = entry.Time - _retention;
                _right!.Probe(left, _leftKeys, start, start + _window, _matches);
                if (probeCache) _cache!.Probe(RowKey.Of(left, _leftKeys), start, start + _window, _matches);
            }
            var matched = false;
            foreach (var right in _matches)
            {
                var joined = JoinedRow.Of(0, left, right, _leftWidth, _rightWidth);
                if (_condition is not null && !_condition(joined)) continue;
                matched = true;
                Counters.MatchedRows++;
                Collect(joined);
            }
            if (!matched) EmitUnmatched(left);
        }
    }

    private void EmitUnmatched(object?[] left)
    {
        Counters.UnmatchedRows++;
        // A fired row was decoded into an array as wide as the output, its right columns NULL: it is the padded row.
        Collect(left.Length == _leftWidth + _rightWidth ? left : JoinedRow.Padded(0, left, _leftWidth, _rightWidth));
    }

    /// <summary>
    /// Keeps the state's share of the process under the limit. State that is fired, expired or spilled becomes garbage
    /// in the oldest generation, which the GC collects only when its own budget runs out (up to about twice the live
    /// heap), so the estimated live state is kept well under the limit and once state worth a quarter of the limit has
    /// been released since the last full collection, one is started. Left rows spill from half the limit (down to 3/8,
    /// so that spills come in runs): each is read back once. Right rows spill only if the state still exceeds 3/4 of
    /// the limit (the firing bucket and the right rows alone): a spilled right row is scanned by every fire-time bucket
    /// of its window.
    /// </summary>
    private void EnforceMemory()
    {
        var bytes = MemoryBytes;
        if (bytes > Counters.PeakMemoryBytes) Counters.PeakMemoryBytes = bytes;
        if (_memoryMax == long.MaxValue) return;
        var spillAt = _memoryMax / 2;
        if (bytes > spillAt)
        {
            var target = spillAt - spillAt / 4;
            _left!.SpillFarthest(Math.Max(0, target - _right!.MemoryBytes - _cache!.MemoryBytes), CurrentWatermark);
            if (MemoryBytes > _memoryMax - _memoryMax / 4 && _right.MemoryBytes > 0) _right.Spill();
            Counters.SpilledBytes = _left.SpilledBytes + _right.SpilledBytes;
            Counters.SpilledRows = _left.SpilledRows + _right.SpilledRows;
            Counters.RightSpilledRows = _right.SpilledRows;
            if (MemoryBytes > _memoryMax - _memoryMax / 4) Counters.OverLimit++;
        }
        CollectReleasedState();
    }

    private void CollectReleasedState()
    {
        var released = _left!.ReleasedBytes + _right!.ReleasedBytes + _cache!.ReleasedBytes;
        var gen2 = GC.CollectionCount(2);
        if (gen2 != _gen2Count)
        {
            // The GC collected the old generation by itself: what was released before is gone.
            _gen2Count = gen2;
            _releasedAtGc = released;
            return;
        }
        if (released - _releasedAtGc < _memoryMax / 4) return;
        GC.Collect(2, GCCollectionMode.Forced, blocking: false);
        Counters.InducedCollections++;
        _gen2Count = GC.CollectionCount(2);
        _releasedAtGc = released;
    }

    private long FireTime(long time) => Saturating(time, _retention);

    private static long Saturating(long time, long add) => time > long.MaxValue - add ? long.MaxValue : time + add;

    private static bool HasNullKey(object?[] row, int[] keys)
    {
        foreach (var k in keys)
        {
            if (row[k] is null) return true;
        }
        return false;
    }
}
