using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State;

/// <summary>
/// Equality of <see cref="RowKey"/>s that also looks keys up by a row's key columns (<see cref="KeyColumns"/>)
/// without building the key: a dictionary created with <see cref="Instance"/> answers
/// <c>GetAlternateLookup&lt;KeyColumns&gt;()</c>, and only a key not found yet is built (<see cref="RowKey.Of"/>).
/// Hash and equality are <see cref="RowKey"/>'s own.
/// </summary>
internal sealed class RowKeyComparer : IEqualityComparer<RowKey>, IAlternateEqualityComparer<KeyColumns, RowKey>
{
    /// <summary>The one instance.</summary>
    public static RowKeyComparer Instance { get; } = new();

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

    public int GetHashCode(KeyColumns alternate) => (int)StableHash.OfColumns(alternate.Row, alternate.Columns);

    public RowKey Create(KeyColumns alternate) => RowKey.Of(alternate.Row, alternate.Columns);
}
