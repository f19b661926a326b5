using System.Text;
using System.Text.Json;

namespace Bsql.Runtime.Formats;

/// <summary>
/// The strings of one text column, for decoders: a short value seen before (an enum, a country code, a
/// device name) is returned as the same string instead of a new one, which saves an allocation and a
/// transcode per field. Direct-mapped (64 slots, values up to 32 bytes); a column whose values rarely
/// repeat (fewer than a quarter of the first 4,096 lookups hit) stops using the cache.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 64;
    private const int MaxLength = 32;
    private const int Probe = 4096;

    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];
    private int _lookups;
    private int _hits;
    private bool _off;

    /// <summary>The current string token of <paramref name="reader"/>, as <see cref="Utf8JsonReader.GetString"/> reads it.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (_off || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        var bytes = reader.ValueSpan;
        var slot = (int)(Hash(bytes) & (Slots - 1));
        if (_lookups < Probe && ++_lookups == Probe && _hits < Probe / 4) _off = true;
        if (_keys[slot] is { } key && bytes.SequenceEqual(key))
        {
            _hits++;
            return _values[slot]!;
        }
        // The reader validates the UTF-8: a cached key is always valid text.
        var text = reader.GetString()!;
        _keys[slot] = bytes.ToArray();
        _values[slot] = text;
        return text;
    }

    /// <summary>The string of <paramref name="ascii"/>, unescaped text the caller has found to be ASCII only.</summary>
    public string GetAscii(ReadOnlySpan<byte> ascii)
    {
        // ASCII bytes are the same characters in Latin-1, whose decoding only widens (no UTF-8 validation to redo).
        if (_off || ascii.Length > MaxLength) return Encoding.Latin1.GetString(ascii);
        var slot = (int)(Hash(ascii) & (Slots - 1));
        if (_lookups < Probe && ++_lookups == Probe && _hits < Probe / 4) _off = true;
        if (_keys[slot] is { } key && ascii.SequenceEqual(key))
        {
            _hits++;
            return _values[slot]!;
        }
        var text = Encoding.Latin1.GetString(ascii);
        _keys[slot] = ascii.ToArray();
        _values[slot] = text;
        return text;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash ^ (hash >> 15);
    }
}
