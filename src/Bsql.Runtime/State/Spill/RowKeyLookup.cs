using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Compares <see cref="RowKey"/>s, and lets a dictionary keyed by them be probed with a row and its key columns
/// (<see cref="KeyColumns"/>) without building a key: same hash (<see cref="StableHash.OfColumns"/>) and same equality
/// as <see cref="RowKey"/>.
/// </summary>
internal sealed class RowKeyLookup : IEqualityComparer<RowKey>, IAlternateEqualityComparer<KeyColumns, RowKey>
{
    /// <summary>The one instance.</summary>
    public static RowKeyLookup Instance { get; } = new();

    public bool Equals(RowKey? x, RowKey? y) => x is null ? y is null : x.Equals(y);

    public int GetHashCode(RowKey obj) => obj.GetHashCode();

    public int GetHashCode(KeyColumns alternate) => (int)StableHash.OfColumns(alternate.Row, alternate.Columns);

    public bool Equals(KeyColumns alternate, RowKey other)
    {
        var columns = alternate.Columns;
        var values = other.Values;
        if (values.Length != columns.Length) return false;
        for (var i = 0; i < columns.Length; i++)
        {
            if (!RowKey.ValueEquals(alternate.Row[columns[i]], values[i])) return false;
        }
        return true;
    }

    public RowKey Create(KeyColumns alternate) => RowKey.Of(alternate.Row, alternate.Columns);
}
