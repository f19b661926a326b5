using System.Collections;
using System.Runtime.CompilerServices;

namespace Bsql.Runtime.Execution;

/// <summary>
/// A 64-bit hash of SQL values that is the same in every process and every run (unlike
/// <see cref="string.GetHashCode()"/>, which .NET randomises per process): hash exchanges, key groups
/// and checkpoints depend on it. Integers of every width hash alike (as the same BIGINT), a decimal
/// ignores trailing zeros, strings hash their UTF-16 code units.
/// </summary>
public static class StableHash
{
    /// <summary>Number of key groups: the unit in which keyed state is spread over subtasks (as Flink's max parallelism).</summary>
    public const int KeyGroups = 128;

    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Seed = 0x27D4EB2F165667C5UL;

    /// <summary>The hash of the values of <paramref name="row"/> at <paramref name="columns"/>.</summary>
    public static ulong OfColumns(object?[] row, ReadOnlySpan<int> columns)
    {
        var h = Seed;
        foreach (var c in columns) h = Combine(h, Of(row[c]));
        return Finish(h);
    }

    /// <summary>The subtask (of <paramref name="parallelism"/>) that owns a key with hash <paramref name="hash"/>: key group, then range.</summary>
    public static int Subtask(ulong hash, int parallelism)
    {
        var keyGroup = (int)(hash % KeyGroups);
        return keyGroup * parallelism / KeyGroups;
    }

    /// <summary>The hash of one value.</summary>
    public static ulong Of(object? value)
    {
        switch (value)
        {
            case null: return 0x5bd1e995UL;
            case string s: return OfString(s);
            case long l: return Mix((ulong)l);
            case int i: return Mix((ulong)(long)i);
            case short sh: return Mix((ulong)(long)sh);
            case sbyte sb: return Mix((ulong)(long)sb);
            case bool b: return Mix(b ? 0x1111UL : 0x2222UL);
            case double d: return Mix((ulong)BitConverter.DoubleToInt64Bits(Normalize(d)));
            case float f: return Mix((ulong)BitConverter.DoubleToInt64Bits(Normalize(f)));
            case decimal m: return OfDecimal(m);
            case DateTime dt: return Mix((ulong)dt.Ticks ^ 0x3333UL);
            case DateOnly date: return Mix((ulong)date.DayNumber ^ 0x4444UL);
            case TimeOnly time: return Mix((ulong)time.Ticks ^ 0x5555UL);
            case byte[] bytes: return OfBytes(bytes);
            case object?[] items:
            {
                var h = Seed ^ 0x6666UL;
                foreach (var item in items) h = Combine(h, Of(item));
                return Finish(h);
            }
            case IDictionary map:
            {
                // Order-independent: XOR of entry hashes.
                var h = 0x7777UL;
                foreach (DictionaryEntry entry in map) h ^= Combine(Of(entry.Key), Of(entry.Value));
                return Mix(h);
            }
            default: return OfString(value.ToString() ?? "");
        }
    }

    private static double Normalize(double d) => d == 0 ? 0 : double.IsNaN(d) ? double.NaN : d;

    private static ulong OfDecimal(decimal m)
    {
        // 1.0 and 1.00 are equal SQL values: strip trailing zeros before hashing the bits.
        var normal = m / 1.0000000000000000000000000000m;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(normal, bits);
        var h = Seed ^ 0x8888UL;
        for (var i = 0; i < 4; i++) h = Combine(h, (ulong)(uint)bits[i]);
        return Finish(h);
    }

    private static ulong OfString(string s)
    {
        var h = Seed ^ (ulong)s.Length;
        var i = 0;
        for (; i + 4 <= s.Length; i += 4)
        {
            var lane = s[i] | ((ulong)s[i + 1] << 16) | ((ulong)s[i + 2] << 32) | ((ulong)s[i + 3] << 48);
            h = Combine(h, lane);
        }
        ulong tail = 0;
        for (var shift = 0; i < s.Length; i++, shift += 16) tail |= (ulong)s[i] << shift;
        return Finish(Combine(h, tail));
    }

    private static ulong OfBytes(byte[] bytes)
    {
        var h = Seed ^ (ulong)bytes.Length ^ 0x9999UL;
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8) h = Combine(h, BitConverter.ToUInt64(bytes, i));
        ulong tail = 0;
        for (var shift = 0; i < bytes.Length; i++, shift += 8) tail |= (ulong)bytes[i] << shift;
        return Finish(Combine(h, tail));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Combine(ulong h, ulong lane)
    {
        h ^= ulong.RotateLeft(lane * Prime2, 31) * Prime1;
        return ulong.RotateLeft(h, 27) * Prime1 + Prime3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x) => Finish(Combine(Seed, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }
}
