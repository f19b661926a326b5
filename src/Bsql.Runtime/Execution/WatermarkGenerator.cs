using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Per-partition watermarks of a source subtask (the plan's <see cref="WatermarkSpec"/>): each
/// partition's watermark is the maximum of the watermark expression over its rows; the subtask's
/// watermark is the minimum over partitions that are neither finished nor idle (no row for
/// <c>IdleTimeoutMs</c>), so a partition delivered in bursts does not make the others' rows late.
/// </summary>
internal sealed class WatermarkGenerator
{
    private readonly Func<object?[], long?> _extract;
    private readonly long? _idleTimeoutMs;
    private long[] _max = new long[4];
    private long[] _lastActive = new long[4];
    private bool[] _finished = new bool[4];
    private bool[] _seen = new bool[4];
    private bool[] _touched = new bool[4];
    private bool[] _assigned = new bool[4];
    private long _now;
    private int _partitions;

    public WatermarkGenerator(WatermarkSpec spec, IExpressionCompiler compiler, long? idleTimeoutMs)
    {
        _idleTimeoutMs = spec.IdleTimeoutMs ?? idleTimeoutMs;
        _extract = CreateExtractor(spec, compiler);
    }

    public void OnRow(object?[] row, int partition)
    {
        Ensure(partition);
        var wm = _extract(row);
        if (wm is null) return;
        if (!_seen[partition] || wm.Value > _max[partition])
        {
            _max[partition] = wm.Value;
            _seen[partition] = true;
        }
        _touched[partition] = true;
    }

    public void Assign(int partition)
    {
        Ensure(partition);
        if (!_assigned[partition])
        {
            _assigned[partition] = true;
            // Idleness of a partition that never delivers counts from its assignment.
            _lastActive[partition] = _now;
        }
    }

    public void Finish(int partition)
    {
        Ensure(partition);
        _finished[partition] = true;
    }

    /// <summary>Marks partitions that got rows since the last call active at <paramref name="now"/>.</summary>
    public void Tick(long now)
    {
        _now = now;
        for (var p = 0; p < _partitions; p++)
        {
            if (_touched[p])
            {
                _lastActive[p] = now;
                _touched[p] = false;
            }
        }
    }

    /// <summary>
    /// True when an idle timeout is set and no partition is active: every known one finished or silent
    /// for the timeout, or none known for the timeout since <paramref name="start"/>.
    /// </summary>
    public bool IsIdle(long now, long start)
    {
        if (_idleTimeoutMs is not { } idle) return false;
        var known = false;
        for (var p = 0; p < _partitions; p++)
        {
            if (_finished[p] || (!_seen[p] && !_assigned[p])) continue;
            known = true;
            if (now - _lastActive[p] <= idle) return false;
        }
        return known || now - start > idle;
    }

    /// <summary>The current watermark, or null when no partition holds one (nothing seen, or all idle).</summary>
    public long? Current(long now)
    {
        long min = long.MaxValue;
        var active = false;
        for (var p = 0; p < _partitions; p++)
        {
            // Partitions this subtask neither reads nor was assigned (other subtasks' splits) do not count.
            if (_finished[p] || (!_seen[p] && !_assigned[p])) continue;
            if (_idleTimeoutMs is { } idle && now - _lastActive[p] > idle) continue;
            // An assigned partition without rows yet holds the watermark back.
            if (!_seen[p]) return null;
            active = true;
            if (_max[p] < min) min = _max[p];
        }
        if (active) return min;
        // No active partition: the highest watermark any partition reached (finished ones included), so
        // the last rows of a finished partition still move time forward.
        long? max = null;
        for (var p = 0; p < _partitions; p++)
        {
            if (_seen[p] && (max is null || _max[p] > max)) max = _max[p];
        }
        return max;
    }

    private void Ensure(int partition)
    {
        if (partition < _partitions) return;
        if (partition >= _max.Length)
        {
            var size = Math.Max(partition + 1, _max.Length * 2);
            Array.Resize(ref _max, size);
            Array.Resize(ref _lastActive, size);
            Array.Resize(ref _finished, size);
            Array.Resize(ref _seen, size);
            Array.Resize(ref _touched, size);
            Array.Resize(ref _assigned, size);
        }
        _partitions = partition + 1;
    }

    private static Func<object?[], long?> CreateExtractor(WatermarkSpec spec, IExpressionCompiler compiler)
    {
        // The usual shapes, `ts` and `ts - INTERVAL ...`, skip the general expression path.
        switch (spec.Expression)
        {
            case InputRef r:
            {
                var i = r.Index;
                return row => row[i] is { } v ? EventTime.ToMillis(v) : null;
            }
            case Call { Function: "-", Args: [InputRef r, Literal { Value: long delay, Type.Kind: SqlTypeKind.IntervalDayTime }] }:
            {
                var i = r.Index;
                return row => row[i] is { } v ? EventTime.ToMillis(v) - delay : null;
            }
            default:
            {
                var f = compiler.Compile(spec.Expression);
                return row => f(row) is { } v ? EventTime.ToMillis(v) : null;
            }
        }
    }
}
