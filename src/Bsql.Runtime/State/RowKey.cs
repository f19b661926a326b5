using Bsql.Planner.Expressions;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State;

/// <summary>
/// The key of keyed state: the values of a row's key columns, with structural equality (arrays and
/// maps compare by content) and a stable hash.
/// </summary>
public sealed class RowKey : IEquatable<RowKey>
{
    private static readonly int[] Identity = Enumerable.Range(0, 16).ToArray();

    private readonly int _hash;

    /// <summary>A key holding <paramref name="values"/> (not copied).</summary>
    public RowKey(object?[] values)
    {
        Values = values;
        _hash = (int)StableHash.OfColumns(values, AllColumns(values.Length));
    }

    /// <summary>A key holding <paramref name="values"/> whose hash (<see cref="StableHash.OfColumns"/> of them all) is known.</summary>
    internal RowKey(object?[] values, int hash)
    {
        Values = values;
        _hash = hash;
    }

    /// <summary>The key with no column (a global aggregation).</summary>
    public static RowKey Empty { get; } = new([]);

    /// <summary>The key values, in key-column order.</summary>
    public object?[] Values { get; }

    /// <summary>The key of <paramref name="row"/> at <paramref name="columns"/>.</summary>
    public static RowKey Of(object?[] row, int[] columns)
    {
        if (columns.Length == 0) return Empty;
        return new RowKey(Copy(row, columns));
    }

    /// <summary>The key of <paramref name="row"/> at <paramref name="columns"/>, whose hash is known (<see cref="RowKeyComparer"/>).</summary>
    internal static RowKey Of(object?[] row, int[] columns, int hash) => columns.Length == 0 ? Empty : new RowKey(Copy(row, columns), hash);

    private static object?[] Copy(object?[] row, int[] columns)
    {
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++) values[i] = row[columns[i]];
        return values;
    }

    /// <inheritdoc />
    public bool Equals(RowKey? other)
    {
        if (other is null || other._hash != _hash || other.Values.Length != Values.Length) return false;
        for (var i = 0; i < Values.Length; i++)
        {
            if (!ValueEquals(Values[i], other.Values[i])) return false;
        }
        return true;
    }

    /// <summary>Whether two key values are equal as keys (the equality of <see cref="Equals(RowKey?)"/>, column by column).</summary>
    public static bool ValueEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is string sa) return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        if (a is long la) return b is long lb && la == lb;
        return LiteralValues.AreEqual(a, b);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary><c>[a, b]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Values.Select(v => v ?? "null")) + "]";

    private static ReadOnlySpan<int> AllColumns(int count) => count <= Identity.Length ? Identity.AsSpan(0, count) : Enumerable.Range(0, count).ToArray();
}
