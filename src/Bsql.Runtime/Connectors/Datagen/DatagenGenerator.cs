using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>
/// One subtask's share of a <c>datagen</c> table's rows. Rows have global indices: a bounded table's
/// <see cref="DatagenConfig.TotalRows"/> are split into contiguous blocks (the first
/// <c>total % n</c> subtasks take one extra row), an unbounded table's subtask <c>i</c> takes
/// indices <c>i, i + n, i + 2n, ...</c>. Row <c>g</c>'s random values come from a generator seeded
/// with (seed, g) and its sequence values are <c>start + g</c>, so the same seed yields the same
/// rows at any parallelism and a restore needs only <see cref="RowsEmitted"/>.
/// </summary>
public sealed class DatagenGenerator
{
    private readonly DatagenConfig _config;
    private readonly TimeProvider _time;
    private readonly long _firstIndex;
    private readonly long _stride;
    private SplitMix64 _rng;

    /// <summary>Subtask <paramref name="splitIndex"/> of <paramref name="splitCount"/>; "now" for random times comes from <paramref name="time"/> unless <c>base-time</c> is set.</summary>
    public DatagenGenerator(DatagenConfig config, int splitIndex, int splitCount, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(splitCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(splitIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(splitIndex, splitCount);
        _config = config;
        _time = time;
        if (config.TotalRows is { } total)
        {
            var size = total / splitCount;
            var extra = total % splitCount;
            _firstIndex = splitIndex * size + Math.Min(splitIndex, extra);
            MaxRows = size + (splitIndex < extra ? 1 : 0);
            _stride = 1;
        }
        else
        {
            _firstIndex = splitIndex;
            _stride = splitCount;
            MaxRows = long.MaxValue;
        }
        RowsPerSecond = config.RowsPerSecond / splitCount;
    }

    /// <summary>Rows this subtask produces (<see cref="long.MaxValue"/> when unbounded).</summary>
    public long MaxRows { get; }

    /// <summary>True when the table is bounded.</summary>
    public bool IsBounded => _config.TotalRows is not null;

    /// <summary>This subtask's share of <c>rows-per-second</c>; 0 = unlimited.</summary>
    public double RowsPerSecond { get; }

    /// <summary>Rows produced so far: the checkpointable position.</summary>
    public long RowsEmitted { get; private set; }

    /// <summary>True while rows remain.</summary>
    public bool HasNext => RowsEmitted < MaxRows;

    /// <summary>Number of columns a row has.</summary>
    public int Width => _config.Columns.Length;

    /// <summary>Continues after <paramref name="rowsEmitted"/> rows (restore from a checkpoint).</summary>
    public void Seek(long rowsEmitted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowsEmitted);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowsEmitted, MaxRows);
        RowsEmitted = rowsEmitted;
    }

    /// <summary>The next row as a new array; call only while <see cref="HasNext"/>.</summary>
    public object?[] Next()
    {
        var row = new object?[_config.Columns.Length];
        NextInto(row);
        return row;
    }

    /// <summary>Writes the next row into the first <see cref="Width"/> columns of <paramref name="row"/>.</summary>
    public void NextInto(object?[] row)
    {
        var index = _firstIndex + RowsEmitted * _stride;
        RowsEmitted++;
        var nowMs = _config.BaseTime ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
        _rng.Reseed(SplitMix64.Mix64(unchecked((ulong)_config.Seed + (ulong)index * SplitMix64.GoldenGamma)));
        var columns = _config.Columns;
        for (var i = 0; i < columns.Length; i++) row[i] = columns[i].Next(ref _rng, index, nowMs);
    }
}
