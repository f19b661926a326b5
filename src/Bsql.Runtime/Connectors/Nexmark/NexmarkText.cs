using System.Collections.Concurrent;

namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// The strings a Nexmark generator reuses: the 1 MiB random lowercase text that <c>extra</c> fields
/// are cut from (one per seed, shared by every generator of the process), the fixed name/city/state
/// vocabularies, and the channel URLs. Everything is a pure function of the seed, so parallel
/// generators agree without talking to each other.
/// </summary>
internal static class NexmarkText
{
    public const int ExtraSourceLength = 1 << 20;

    public static readonly string[] FirstNames = ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];

    public static readonly string[] LastNames = ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];

    public static readonly string[] Cities = ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];

    public static readonly string[] States = ["AZ", "CA", "ID", "OR", "WA", "WY"];

    public static readonly string[] HotChannels = ["Google", "Facebook", "Baidu", "Apple"];

    public const int ChannelsNumber = 10_000;

    /// <summary>"First Last" for every pair, index <c>first * LastNames.Length + last</c>: names cost no allocation.</summary>
    public static readonly string[] FullNames = BuildFullNames();

    private static readonly ConcurrentDictionary<long, string> ExtraSources = new();

    private static string[] BuildFullNames()
    {
        var names = new string[FirstNames.Length * LastNames.Length];
        for (var f = 0; f < FirstNames.Length; f++)
        {
            for (var l = 0; l < LastNames.Length; l++) names[f * LastNames.Length + l] = FirstNames[f] + " " + LastNames[l];
        }
        return names;
    }

    /// <summary>The 1 MiB random lowercase text for <paramref name="seed"/>.</summary>
    public static string ExtraSource(long seed) => ExtraSources.GetOrAdd(seed, static s =>
        string.Create(ExtraSourceLength, s, static (span, s2) =>
        {
            var rng = new SplitMix64(SplitMix64.Mix64(unchecked((ulong)s2 ^ 0x45787472615F5F5FUL)));
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + rng.NextInt(26));
        }));

    /// <summary>
    /// Java's <c>nextString(maxLength, special)</c>: 3 + nextInt(maxLength - 3) characters, each
    /// <paramref name="special"/> with probability 1/13 else a random lowercase letter, then trimmed of spaces.
    /// Writes into <paramref name="buffer"/> (at least <paramref name="maxLength"/> long) and returns the trimmed slice.
    /// </summary>
    public static ReadOnlySpan<char> NextString(ref SplitMix64 rng, Span<char> buffer, int maxLength, char special)
    {
        var length = 3 + rng.NextInt(maxLength - 3);
        for (var i = 0; i < length; i++)
        {
            buffer[i] = rng.NextInt(13) == 0 ? special : (char)('a' + rng.NextInt(26));
        }
        return special == ' ' ? buffer[..length].Trim(' ') : buffer[..length];
    }

    /// <summary>A base URL <c>https://www.nexmark.com/s/s/s/item.htm?query=1</c> with s = nextString(5, '_').</summary>
    public static string BaseUrl(ref SplitMix64 rng)
    {
        Span<char> buffer = stackalloc char[80];
        var n = 0;
        "https://www.nexmark.com/".AsSpan().CopyTo(buffer);
        n += "https://www.nexmark.com/".Length;
        Span<char> part = stackalloc char[8];
        for (var i = 0; i < 3; i++)
        {
            var s = NextString(ref rng, part, 5, '_');
            s.CopyTo(buffer[n..]);
            n += s.Length;
            buffer[n++] = '/';
        }
        "item.htm?query=1".AsSpan().CopyTo(buffer[n..]);
        n += "item.htm?query=1".Length;
        return new string(buffer[..n]);
    }

    /// <summary>The URL of hot channel <paramref name="index"/> for <paramref name="seed"/>.</summary>
    public static string HotUrl(long seed, int index)
    {
        var rng = new SplitMix64(SplitMix64.Mix64(unchecked((ulong)seed ^ 0x486F7455524C0000UL) + (ulong)index));
        return BaseUrl(ref rng);
    }

    /// <summary>
    /// The URL of <c>channel-<paramref name="channel"/></c>: a base URL, and for 90% of channels
    /// <c>&amp;channel_id=</c> + <c>abs(Integer.reverse(channel))</c> (Java's abs, which leaves int.MinValue negative).
    /// </summary>
    public static string ChannelUrl(long seed, int channel)
    {
        var rng = new SplitMix64(SplitMix64.Mix64(unchecked((ulong)seed ^ 0x4368616E6E656C00UL) + (ulong)channel));
        var url = BaseUrl(ref rng);
        if (rng.NextInt(10) > 0)
        {
            var reversed = JavaIntegerReverse(channel);
            var abs = reversed == int.MinValue ? reversed : Math.Abs(reversed);
            url = url + "&channel_id=" + abs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return url;
    }

    /// <summary>Java's <c>Integer.reverse</c>: the bits of a 32-bit int in reverse order.</summary>
    public static int JavaIntegerReverse(int value)
    {
        var v = unchecked((uint)value);
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
        return unchecked((int)v);
    }
}
