namespace Bsql.Runtime.State.Spill;

/// <summary>
/// Estimates the managed heap bytes a buffered row holds (array header and slots, boxed values,
/// strings), so that state can be kept under <c>state.memory.max</c>. An estimate, not a measure:
/// it errs on the high side for small values and ignores sharing (interned strings).
/// </summary>
internal static class RowSizeEstimator
{
    /// <summary>Object header + method table pointer on 64-bit.</summary>
    private const int ObjectHeader = 16;

    /// <summary>Bytes held by <paramref name="row"/> and its values, plus <paramref name="overhead"/> for the entry that holds it.</summary>
    public static int Estimate(object?[] row, int overhead)
    {
        var size = overhead + ObjectHeader + 8 + 8 * row.Length;
        foreach (var value in row) size += ValueSize(value);
        return size;
    }

    private static int ValueSize(object? value) => value switch
    {
        null => 0,
        string s => ObjectHeader + 8 + 2 * s.Length,
        byte[] b => ObjectHeader + 8 + b.Length,
        decimal => ObjectHeader + 16,
        object?[] items => Estimate(items, 0),
        System.Collections.IDictionary map => ObjectHeader + 64 + 48 * map.Count,
        _ => ObjectHeader + 8,
    };
}
