namespace Bsql.Runtime;

/// <summary>
/// A batch of rows moving between operators: rows are <c>object?[]</c> (see docs/design.md, "Runtime
/// values"), with an optional per-row <see cref="RowKind"/> (null: every row is an insert). A batch
/// is owned by whoever holds it: once emitted, the emitter neither reads nor reuses it.
/// </summary>
public sealed class RowBatch
{
    /// <summary>Rows per batch that operators aim for.</summary>
    public const int DefaultCapacity = 1024;

    private object?[][] _rows;
    private RowKind[]? _kinds;
    private int _count;

    /// <summary>An empty batch with room for <paramref name="capacity"/> rows (it grows when needed).</summary>
    public RowBatch(int capacity = DefaultCapacity)
    {
        _rows = new object?[Math.Max(capacity, 1)][];
    }

    /// <summary>A batch of insert rows.</summary>
    public static RowBatch Of(params object?[][] rows)
    {
        var batch = new RowBatch(rows.Length);
        foreach (var row in rows) batch.Add(row);
        return batch;
    }

    /// <summary>Number of rows.</summary>
    public int Count => _count;

    /// <summary>The capacity the batch was sized for; <see cref="IsFull"/> once reached.</summary>
    public int Capacity => _rows.Length;

    /// <summary>True when the batch reached its capacity: time to emit it.</summary>
    public bool IsFull => _count >= _rows.Length;

    /// <summary>The row at <paramref name="index"/>.</summary>
    public object?[] this[int index] => _rows[index];

    /// <summary>The rows.</summary>
    public ReadOnlySpan<object?[]> Rows => _rows.AsSpan(0, _count);

    /// <summary>Per-row kinds, or null when every row is an insert.</summary>
    public RowKind[]? Kinds => _kinds;

    /// <summary>True when every row is an insert.</summary>
    public bool IsInsertOnly
    {
        get
        {
            if (_kinds is null) return true;
            for (var i = 0; i < _count; i++)
            {
                if (_kinds[i] != RowKind.Insert) return false;
            }
            return true;
        }
    }

    /// <summary>The kind of the row at <paramref name="index"/>.</summary>
    public RowKind KindAt(int index) => _kinds is null ? RowKind.Insert : _kinds[index];

    /// <summary>Appends an insert row.</summary>
    public void Add(object?[] row)
    {
        if (_count == _rows.Length) Grow();
        if (_kinds is not null) _kinds[_count] = RowKind.Insert;
        _rows[_count++] = row;
    }

    /// <summary>Appends a row of the given kind.</summary>
    public void Add(object?[] row, RowKind kind)
    {
        if (_count == _rows.Length) Grow();
        if (kind != RowKind.Insert && _kinds is null) _kinds = new RowKind[_rows.Length];
        if (_kinds is not null) _kinds[_count] = kind;
        _rows[_count++] = row;
    }

    /// <summary>Removes every row, keeping the storage (only for a batch that was never emitted).</summary>
    public void Clear()
    {
        Array.Clear(_rows, 0, _count);
        _kinds = null;
        _count = 0;
    }

    private void Grow()
    {
        var size = _rows.Length * 2;
        Array.Resize(ref _rows, size);
        if (_kinds is not null) Array.Resize(ref _kinds, size);
    }
}
