using Bsql.Planner.Expressions;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.State;

/// <summary>
/// Equality, hashing and ordering of runtime values as SQL sees them: strings ordinally, byte arrays,
/// arrays and maps by content. Ordering is for values of one type (MIN, MAX, ORDER BY); NULL sorts first.
/// </summary>
public sealed class SqlValueComparer : IEqualityComparer<object?>, IComparer<object?>
{
    /// <summary>The shared instance.</summary>
    public static SqlValueComparer Instance { get; } = new();

    /// <inheritdoc />
    public new bool Equals(object? x, object? y) => LiteralValues.AreEqual(x, y);

    /// <inheritdoc />
    public int GetHashCode(object? obj) => (int)StableHash.Of(obj);

    /// <inheritdoc />
    public int Compare(object? x, object? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        switch (x)
        {
            case string sx when y is string sy: return string.CompareOrdinal(sx, sy);
            case long lx when y is long ly: return lx.CompareTo(ly);
            case int ix when y is int iy: return ix.CompareTo(iy);
            case double dx when y is double dy: return dx.CompareTo(dy);
            case byte[] bx when y is byte[] by: return bx.AsSpan().SequenceCompareTo(by);
            case bool bx when y is bool by: return bx.CompareTo(by);
        }
        if (x.GetType() == y.GetType() && x is IComparable comparable) return comparable.CompareTo(y);
        // Mixed numeric types (an INT column compared with a BIGINT bound).
        if (x is IConvertible && y is IConvertible && IsNumber(x) && IsNumber(y))
        {
            if (x is decimal || y is decimal) return Convert.ToDecimal(x, null).CompareTo(Convert.ToDecimal(y, null));
            if (x is double or float || y is double or float) return Convert.ToDouble(x, null).CompareTo(Convert.ToDouble(y, null));
            return Convert.ToInt64(x, null).CompareTo(Convert.ToInt64(y, null));
        }
        return string.CompareOrdinal(x.ToString(), y.ToString());
    }

    private static bool IsNumber(object o) => o is sbyte or short or int or long or float or double or decimal;
}
