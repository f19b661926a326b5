namespace Bsql.Runtime.Operators;

/// <summary>Output rows of the two-input joins: left columns then right columns.</summary>
internal static class JoinedRow
{
    /// <summary><paramref name="row"/> of input <paramref name="side"/> joined with <paramref name="other"/> of the other input.</summary>
    public static object?[] Of(int side, object?[] row, object?[] other, int leftWidth, int rightWidth)
    {
        var (left, right) = side == 0 ? (row, other) : (other, row);
        var joined = new object?[leftWidth + rightWidth];
        Array.Copy(left, joined, leftWidth);
        Array.Copy(right, 0, joined, leftWidth, rightWidth);
        return joined;
    }

    /// <summary><paramref name="row"/> of input <paramref name="side"/> with the other input's columns NULL (outer join padding).</summary>
    public static object?[] Padded(int side, object?[] row, int leftWidth, int rightWidth)
    {
        var joined = new object?[leftWidth + rightWidth];
        if (side == 0) Array.Copy(row, joined, leftWidth);
        else Array.Copy(row, 0, joined, leftWidth, rightWidth);
        return joined;
    }
}
