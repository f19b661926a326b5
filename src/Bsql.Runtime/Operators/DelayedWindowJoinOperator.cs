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
/// <c>b.t + W + D</c>. When the watermark reaches a fire time, <c>a</c> is joined with the right rows
/// of its key with <c>a.t &lt;= b.t &lt; a.t + W</c> for which the residual condition is TRUE, and
/// emitted: one row per match, or one NULL-padded row. Left rows fire in (fire time, arrival) order;
/// a left row that arrives when the watermark is already at its fire time is late
/// (<see cref="LateRowPolicy"/>). Fire times are kept by the operator, not as per-row timers.
/// </summary>
public sealed class DelayedWindowJoinOperator : StreamOperator
{
    private const int StateFormat = 1;
    private const int LeftEntryOverhead = 48;

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
    private Func<object?[], bool>? _condition;
    private int _leftWidth = -1;
    private int _rightWidth = -1;
    private long _memoryMax = long.MaxValue;
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
    public long MemoryBytes => (_left?.MemoryBytes ?? 0) + (_right?.MemoryBytes ?? 0);

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
        base.ProcessWatermark(watermark);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input) => _endedInputs++;

    /// <inheritdoc />
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken)
    {
        EnsureState();
        _left!.BeginCheckpoint(checkpointId);
        _restoredOrCheckpointed = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        EnsureState();
        if (!_left!.Checkpointed) _left.BeginCheckpoint(0);
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
        _restoredOrCheckpointed = true;
    }

    /// <inheritdoc />
    public override ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken)
    {
        _left?.CheckpointComplete(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        // A finished job needs no segment any more; after a failure, checkpoints may still name them.
        _left?.Close(deleteFiles: _endedInputs >= 2 || !_restoredOrCheckpointed);
        if (_spec.Global && _right is not null) SharedJoinRightState.Release(Context.Operator);
        _left = null;
        _right = null;
        return ValueTask.CompletedTask;
    }

    private void EnsureState()
    {
        if (_left is not null) return;
        var bucketMs = _options.BucketMs ?? Math.Clamp(_retention / 16, 1, 60_000);
        _left = new FireTimeBucketStore(bucketMs, SpillDirectory, static row => RowSizeEstimator.Estimate(row, LeftEntryOverhead));
        _right = _spec.Global
            ? SharedJoinRightState.Acquire(Context.Operator, Context.SubtaskIndex, _retention)
            : new LocalJoinRightState(_retention);
        var max = _options.MemoryMaxBytes ?? Context.JobOptions.StateMemoryMaxBytes / Math.Max(1, Context.Parallelism);
        _memoryMax = max ?? long.MaxValue;
    }

    private string SpillDirectory()
    {
        var name = $"sjoin-{Context.Operator.Id}-{Context.SubtaskIndex}-{Guid.NewGuid():N}";
        if (_options.SpillDirectory is { } dir) return Path.Combine(dir, name);
        if (Context.JobOptions.CheckpointDir is { } checkpoints) return Path.Combine(checkpoints, "spill", name);
        return Path.Combine(Path.GetTempPath(), "bsql-spill", name);
    }

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
        _right!.Add(RowKey.Of(row, _rightKeys), time, row);
    }

    private void Fire(long watermark)
    {
        _left!.PopDue(watermark, _due);
        if (_due.Count == 0) return;
        foreach (var entry in _due)
        {
            var left = entry.Row;
            _matches.Clear();
            if (!HasNullKey(left, _leftKeys))
            {
                var start = entry.Time - _retention;
                _right!.Probe(RowKey.Of(left, _leftKeys), start, start + _window, _matches);
            }
            var matched = false;
            foreach (var right in _matches)
            {
                var joined = new object?[_leftWidth + _rightWidth];
                Array.Copy(left, joined, _leftWidth);
                Array.Copy(right, 0, joined, _leftWidth, _rightWidth);
                if (_condition is not null && !_condition(joined)) continue;
                matched = true;
                Counters.MatchedRows++;
                Collect(joined);
            }
            if (!matched) EmitUnmatched(left);
        }
        _due.Clear();
    }

    private void EmitUnmatched(object?[] left)
    {
        var joined = new object?[_leftWidth + _rightWidth];
        Array.Copy(left, joined, _leftWidth);
        Counters.UnmatchedRows++;
        Collect(joined);
    }

    private void EnforceMemory()
    {
        var bytes = _left!.MemoryBytes + _right!.MemoryBytes;
        if (bytes <= _memoryMax)
        {
            if (bytes > Counters.PeakMemoryBytes) Counters.PeakMemoryBytes = bytes;
            return;
        }
        // Spill down to 3/4 of the limit so that spills come in runs, not one per batch.
        var target = Math.Max(0, _memoryMax - _memoryMax / 4 - _right.MemoryBytes);
        _left.SpillFarthest(target, CurrentWatermark);
        Counters.SpilledBytes = _left.SpilledBytes;
        Counters.SpilledRows = _left.SpilledRows;
        bytes = _left.MemoryBytes + _right.MemoryBytes;
        if (bytes > Counters.PeakMemoryBytes) Counters.PeakMemoryBytes = bytes;
        if (bytes > _memoryMax) Counters.OverLimit++;
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
