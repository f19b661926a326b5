using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State;

/// <summary>
/// Equality of <see cref="RowKey"/>s that also looks keys up by a row's key columns (<see cref="KeyColumns"/>)
/// without building the key: a dictionary created with it answers
/// <c>GetAlternateLookup&lt;KeyColumns&gt;()</c>, and only a key not found yet is built (<see cref="RowKey.Of(object?[], int[])"/>).
/// Hash and equality are <see cref="RowKey"/>'s own. One instance per operator (not thread-safe): it remembers the
/// hash of the last row looked up, so a key built for a new entry does not hash its values again.
/// </summary>
internal sealed class RowKeyComparer : IEqualityComparer<RowKey>, IAlternateEqualityComparer<KeyColumns, RowKey>
{
    private object?[]? _lastRow;
    private int[]? _lastColumns;
    private int _lastHash;

    public bool Equals(RowKey? x, RowKey? y) => ReferenceEquals(x, y) || (x is not null && x.Equals(y));

    public int GetHashCode(RowKey obj) => obj.GetHashCode();

    public bool Equals(KeyColumns alternate, RowKey other)
    {
        var values = other.Values;
        var columns = alternate.Columns;
        if (values.Length != columns.Length) return false;
        var row = alternate.Row;
        for (var i = 0; i < values.Length; i++)
        {
            if (!RowKey.ValueEquals(row[columns[i]], values[i])) return false;
        }
        return true;
    }

    public int GetHashCode(KeyColumns alternate)
    {
        var hash = (int)StableHash.OfColumns(alternate.Row, alternate.Columns);
        _lastRow = alternate.Row;
        _lastColumns = alternate.Columns;
        _lastHash = hash;
        return hash;
    }

    public RowKey Create(KeyColumns alternate)
    {
        // The dictionary hashes the row just before it adds the key built here.
        if (ReferenceEquals(alternate.Row, _lastRow) && ReferenceEquals(alternate.Columns, _lastColumns))
        {
            _lastRow = null;
            return RowKey.Of(alternate.Row, alternate.Columns, _lastHash);
        }
        return RowKey.Of(alternate.Row, alternate.Columns);
    }
}
