namespace Bsql.Runtime.Formats;

/// <summary>Boxed integers from −128 to 1023, allocated once: decoders box small values (counts, amounts, flags) without allocating.</summary>
internal static class SmallBoxes
{
    private const int Min = -128;
    private const int Max = 1023;
    private static readonly object[] Longs = [.. Enumerable.Range(Min, Max - Min + 1).Select(i => (object)(long)i)];
    private static readonly object[] Ints = [.. Enumerable.Range(Min, Max - Min + 1).Select(i => (object)i)];

    /// <summary><paramref name="value"/> boxed, shared when small.</summary>
    public static object Of(long value) => value is >= Min and <= Max ? Longs[value - Min] : value;

    /// <summary><paramref name="value"/> boxed, shared when small.</summary>
    public static object Of(int value) => value is >= Min and <= Max ? Ints[value - Min] : value;
}
