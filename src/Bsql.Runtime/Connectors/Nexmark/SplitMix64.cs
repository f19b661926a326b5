namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// A small, seedable pseudo-random generator with the algorithm and the bounded-draw semantics of
/// Java's <c>java.util.SplittableRandom</c> (SplitMix64): the same seed yields the same sequence of
/// <see cref="NextInt()"/>, <see cref="NextInt(int)"/>, <see cref="NextLong(long)"/> and
/// <see cref="NextDouble"/> values as Java would. A mutable struct: keep it in a field, never copy it.
/// </summary>
public struct SplitMix64
{
    /// <summary>The golden-ratio increment Java's SplittableRandom uses for a seeded instance.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    /// <summary>A generator whose first output is Java's <c>new SplittableRandom(seed)</c>'s first output.</summary>
    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    /// <summary>Restarts the sequence as if constructed with <paramref name="seed"/>.</summary>
    public void Reseed(long seed) => _state = unchecked((ulong)seed);

    /// <summary>The 64-bit finaliser of SplitMix64 (Stafford's variant 13); a good hash of <paramref name="z"/>.</summary>
    public static long Mix64(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)(z ^ (z >> 31));
        }
    }

    private static int Mix32(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 33)) * 0x62A9D9ED799705F5UL;
            return (int)(((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3UL) >> 32);
        }
    }

    /// <summary>A uniformly distributed <see cref="int"/>.</summary>
    public int NextInt() => Mix32(unchecked(_state += GoldenGamma));

    /// <summary>A uniformly distributed <see cref="long"/>.</summary>
    public long NextLong() => Mix64(unchecked(_state += GoldenGamma));

    /// <summary>A uniform value in <c>[0, bound)</c>, drawn exactly as Java's <c>nextInt(bound)</c> does.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        var r = NextInt();
        var m = bound - 1;
        if ((bound & m) == 0) return r & m;
        // Java's rejection loop: relies on wrapping int arithmetic to detect the biased tail.
        unchecked
        {
            for (var u = (int)((uint)r >> 1); u + m - (r = u % bound) < 0; u = (int)((uint)NextInt() >> 1))
            {
            }
        }
        return r;
    }

    /// <summary>A uniform value in <c>[0, bound)</c>, drawn exactly as Java's <c>nextLong(bound)</c> does.</summary>
    public long NextLong(long bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        var r = NextLong();
        var m = bound - 1;
        if ((bound & m) == 0L) return r & m;
        unchecked
        {
            for (var u = (long)((ulong)r >> 1); u + m - (r = u % bound) < 0L; u = (long)((ulong)NextLong() >> 1))
            {
            }
        }
        return r;
    }

    /// <summary>
    /// A uniform value in <c>[min, max]</c> (both inclusive), for any range including the full
    /// <see cref="long"/> range.
    /// </summary>
    public long NextLongInclusive(long min, long max)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "max must not be below min");
        var span = unchecked((ulong)(max - min)) + 1UL;
        if (span == 0UL) return NextLong();
        if (span <= long.MaxValue) return unchecked(min + NextLong((long)span));
        while (true)
        {
            var r = NextLong();
            if (unchecked((ulong)(r - min)) < span) return r;
        }
    }

    /// <summary>A uniform value in <c>[0, 1)</c> with 53 random bits, as Java's <c>nextDouble()</c>.</summary>
    public double NextDouble() => (unchecked((ulong)NextLong()) >> 11) * (1.0 / (1UL << 53));

    /// <summary>True or false with equal probability (Java: the sign bit of <c>nextInt()</c>).</summary>
    public bool NextBoolean() => NextInt() < 0;
}
