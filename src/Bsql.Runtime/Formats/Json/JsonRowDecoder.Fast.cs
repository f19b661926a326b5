using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats.Json;

/// <summary>
/// The decoder's fast path: a scanner of the flat top-level object, specialised to the table's columns. It reads
/// property names as UTF-8 bytes (matched against the columns' names, or against names seen before, without a
/// string), parses integers, short strings and timestamps straight from the record's bytes and skips unread
/// scalars by scanning them. Whatever it is not sure about (an escaped name, a nested value of a read column, a
/// number of another type, a string for a non-string column) it hands to <see cref="TryRead"/> on a reader over
/// that one value. It never reports an error: on anything unexpected (malformed JSON, a comment, a type
/// mismatch, a missing field) it gives up and the record is read again by the general path, which accepts,
/// rejects and words its errors as it always did. A record it accepts is one the general path accepts with the
/// same values.
/// </summary>
public sealed partial class JsonRowDecoder
{
    /// <summary>Names not equal to a column's (ASCII, unescaped) learnt from the general lookup, with its answer.</summary>
    private const int MaxLearntNames = 32;

    /// <summary>A nested value sits one level below the record's object: a reader over it alone allows one level less.</summary>
    private static readonly JsonReaderOptions Nested = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 63 };

    /// <summary>What ends a run of plain ASCII in a string: quote, backslash, control characters, non-ASCII bytes.</summary>
    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create([(byte)'"', (byte)'\\', .. Range(0, 0x20), .. Range(0x80, 0x100)]);

    /// <summary>1 for the bytes <see cref="StringSpecials"/> holds, by byte value, 32 a line (a constant table: no bounds check).</summary>
    private static ReadOnlySpan<byte> StringSpecialBytes =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ];

    /// <summary>What ends a string's run once it is known to hold non-ASCII bytes.</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([(byte)'"', (byte)'\\', .. Range(0, 0x20)]);

    private readonly SqlTypeKind[] _kinds;
    private readonly (byte[] Name, int Index)[] _known;
    private readonly bool[] _plainName;
    private readonly int[] _follow;
    private int _knownCount;
    private int _firstEntry = -1;

    /// <summary>Whether records are tried on the fast path first (tests compare with it off).</summary>
    internal bool FastPath { get; init; } = true;

    /// <summary>Records the fast path decoded (for tests).</summary>
    internal long FastDecoded { get; private set; }

    /// <summary>Decodes <paramref name="s"/> on the fast path; false when the general path must read it (it may still be valid).</summary>
    private bool TryDecodeFast(ReadOnlySpan<byte> s, object?[] row)
    {
        try
        {
            if (!ScanObject(s, row)) return false;
            FastDecoded++;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The scan itself, out of line: its locals stay in registers, outside the caller's exception handler.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ScanObject(ReadOnlySpan<byte> s, object?[] row)
    {
        var i = Space(s, 0);
        if (i >= s.Length || s[i] != (byte)'{') return false;
        Array.Clear(_present);
        var columns = _schema.Count;
        for (var c = 0; c < columns; c++) row[c] = null;
        i = Space(s, i + 1);
        if (i < s.Length && s[i] == (byte)'}')
        {
            i++;
        }
        else
        {
            var previous = -1;
            while (true)
            {
                if (i >= s.Length || s[i] != (byte)'"') return false;
                int nameEnd;
                int index;
                // The name that followed the previous one last time, if it comes again: one comparison, no scan.
                var guess = previous < 0 ? _firstEntry : _follow[previous];
                if (guess >= 0 && _plainName[guess] && IsNameAt(s, i + 1, _known[guess].Name))
                {
                    nameEnd = i + 1 + _known[guess].Name.Length;
                    index = _known[guess].Index;
                    previous = guess;
                }
                else
                {
                    nameEnd = ScanString(s, i + 1, out var escaped, out var nonAscii);
                    if (nameEnd < 0 || escaped) return false;
                    index = FieldOf(s[(i + 1)..nameEnd], nonAscii, ref previous);
                    if (index == -2) return false;
                }
                i = Space(s, nameEnd + 1);
                if (i >= s.Length || s[i] != (byte)':') return false;
                i = Space(s, i + 1);
                if (i >= s.Length) return false;
                if (index >= 0) _present[index] = true;
                i = index >= 0 ? ReadValue(s, i, index, row) : SkipValue(s, i);
                if (i < 0) return false;
                i = Space(s, i);
                if (i >= s.Length) return false;
                if (s[i] == (byte)'}')
                {
                    i++;
                    break;
                }
                if (s[i] != (byte)',') return false;
                i = Space(s, i + 1);
            }
        }
        if (Space(s, i) != s.Length) return false;
        if (_failOnMissing && Array.IndexOf(_present, false) >= 0) return false;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> (free of quotes, backslashes and control characters) and its closing quote are at <paramref name="i"/>.</summary>
    private static bool IsNameAt(ReadOnlySpan<byte> s, int i, byte[] name)
    {
        var end = i + name.Length;
        return end < s.Length && s[end] == (byte)'"' && s.Slice(i, name.Length).SequenceEqual(name);
    }

    /// <summary>
    /// The column of an unescaped property name (-1: none, skip it; -2: ask the general path). Names are known
    /// entries: the columns' names, then names that equal none of them, learnt with the general lookup's answer
    /// (ignoring case). <paramref name="previous"/> is the entry of the record's previous name: the entry that
    /// followed it last time is tried first, so records whose fields come in the same order match each name
    /// with one comparison.
    /// </summary>
    private int FieldOf(ReadOnlySpan<byte> name, bool nonAscii, ref int previous)
    {
        var guess = previous < 0 ? _firstEntry : _follow[previous];
        var known = _known;
        var entry = -1;
        if (guess >= 0 && name.SequenceEqual(known[guess].Name))
        {
            entry = guess;
        }
        else
        {
            for (var i = 0; i < _knownCount; i++)
            {
                if (name.SequenceEqual(known[i].Name))
                {
                    entry = i;
                    break;
                }
            }
            if (entry < 0)
            {
                if (nonAscii) return -2;
                // As the general path: by name, ignoring case.
                var index = _schema.IndexOf(Encoding.ASCII.GetString(name));
                if (_knownCount == known.Length)
                {
                    previous = -1;
                    return index;
                }
                entry = _knownCount++;
                known[entry] = (name.ToArray(), index);
                _plainName[entry] = IsPlain(known[entry].Name);
            }
            if (previous < 0) _firstEntry = entry;
            else _follow[previous] = entry;
        }
        previous = entry;
        return known[entry].Index;
    }

    /// <summary>Reads the value at <paramref name="i"/> into column <paramref name="index"/>; the index after it, or -1 to give up.</summary>
    /// <remarks>The common cases only: the others are in methods of their own, so this frame stays small (no reader to clear).</remarks>
    private int ReadValue(ReadOnlySpan<byte> s, int i, int index, object?[] row)
    {
        var kind = _kinds[index];
        var b = s[i];
        if (b == (byte)'"')
        {
            var end = ScanString(s, i + 1, out var escaped, out var nonAscii);
            if (end < 0) return -1;
            var text = s[(i + 1)..end];
            if (!escaped && !nonAscii)
            {
                if (_strings[index] is { } cache)
                {
                    row[index] = cache.GetAscii(text);
                    return end + 1;
                }
                if (kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz)
                {
                    if (!TextValues.TryParseTimestamp(text, out var dt)) return -1;
                    row[index] = DateTime.SpecifyKind(dt, kind == SqlTypeKind.Timestamp ? DateTimeKind.Unspecified : DateTimeKind.Utc);
                    return end + 1;
                }
            }
            return ReadString(s[i..(end + 1)], index, row) ? end + 1 : -1;
        }
        if (b == (byte)'-' || (uint)(b - '0') <= 9)
        {
            var end = ScanNumber(s, i, out var integer);
            if (end < 0) return -1;
            var negative = b == (byte)'-';
            var digits = end - i - (negative ? 1 : 0);
            if (integer && (kind == SqlTypeKind.BigInt ? digits <= 18 : kind == SqlTypeKind.Int && digits <= 9))
            {
                long value = 0;
                for (var k = negative ? i + 1 : i; k < end; k++) value = value * 10 + (s[k] - '0');
                if (negative) value = -value;
                row[index] = kind == SqlTypeKind.BigInt ? SmallBoxes.Of(value) : SmallBoxes.Of((int)value);
                return end;
            }
            return ReadGeneral(s[i..end], index, row, out _) ? end : -1;
        }
        if (b == (byte)'n')
        {
            // A repeated field's NULL replaces its earlier value.
            row[index] = null;
            return s[i..].StartsWith("null"u8) ? i + 4 : -1;
        }
        if (b is (byte)'t' or (byte)'f' && kind == SqlTypeKind.Boolean)
        {
            if (s[i..].StartsWith("true"u8))
            {
                row[index] = true;
                return i + 4;
            }
            if (s[i..].StartsWith("false"u8))
            {
                row[index] = false;
                return i + 5;
            }
            return -1;
        }
        if (b is (byte)'t' or (byte)'f' or (byte)'{' or (byte)'[')
        {
            // A literal of another column type, or a nested value: the reader reads it (to its end).
            return ReadGeneral(s[i..], index, row, out var consumed) ? i + consumed : -1;
        }
        return -1;
    }

    /// <summary>A string (quotes included) with escapes or non-ASCII bytes, or for a column of another type: read by the reader.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadString(ReadOnlySpan<byte> token, int index, object?[] row)
    {
        if (_strings[index] is { } cache)
        {
            var reader = new Utf8JsonReader(token, Plain);
            reader.Read();
            row[index] = cache.Get(ref reader);
            return true;
        }
        return ReadGeneral(token, index, row, out _);
    }

    /// <summary>The value starting <paramref name="value"/>, read by the reader as the general path reads it; false on any error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadGeneral(ReadOnlySpan<byte> value, int index, object?[] row, out int consumed)
    {
        var reader = new Utf8JsonReader(value, Nested);
        reader.Read();
        var ok = TryRead(ref reader, _schema[index].Type, out row[index], out _);
        consumed = (int)reader.BytesConsumed;
        return ok;
    }

    /// <summary>Skips the value at <paramref name="i"/> (of no read column), checking it is valid JSON; the index after it, or -1 to give up.</summary>
    private static int SkipValue(ReadOnlySpan<byte> s, int i)
    {
        var b = s[i];
        if (b == (byte)'"')
        {
            var end = ScanString(s, i + 1, out var escaped, out var nonAscii);
            if (end < 0) return -1;
            if (escaped || nonAscii) return CheckString(s[i..(end + 1)]) ? end + 1 : -1;
            return end + 1;
        }
        if (b == (byte)'-' || (uint)(b - '0') <= 9) return ScanNumber(s, i, out _);
        if (b == (byte)'n') return s[i..].StartsWith("null"u8) ? i + 4 : -1;
        if (b == (byte)'t') return s[i..].StartsWith("true"u8) ? i + 4 : -1;
        if (b == (byte)'f') return s[i..].StartsWith("false"u8) ? i + 5 : -1;
        if (b is (byte)'{' or (byte)'[') return i + SkipNested(s[i..]);
        return -1;
    }

    /// <summary>Whether a skipped string (quotes included) with escapes or non-ASCII bytes is one the reader accepts.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CheckString(ReadOnlySpan<byte> token)
    {
        // The reader checks the escapes; the UTF-8 is checked here (whether or not the reader would).
        var reader = new Utf8JsonReader(token, Plain);
        reader.Read();
        return Utf8.IsValid(token);
    }

    /// <summary>The length of the nested object or array <paramref name="value"/> starts with, read (and checked) by the reader.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SkipNested(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value, Nested);
        reader.Read();
        reader.Skip();
        return (int)reader.BytesConsumed;
    }

    /// <summary>
    /// The index of the quote closing the string whose content starts at <paramref name="i"/>, or -1 (unterminated,
    /// or a control character, which JSON forbids unescaped). Escapes are only stepped over, not checked.
    /// </summary>
    private static int ScanString(ReadOnlySpan<byte> s, int i, out bool escaped, out bool nonAscii)
    {
        escaped = false;
        nonAscii = false;
        var specials = StringSpecialBytes;
        while (true)
        {
            // Short strings (most names and values) byte by byte; past 16 plain bytes, one vectorised search.
            var stop = Math.Min(s.Length, i + 16);
            while (i < stop && specials[s[i]] == 0) i++;
            if (i == stop)
            {
                if (i == s.Length) return -1;
                var k = s[i..].IndexOfAny(nonAscii ? StringStops : StringSpecials);
                if (k < 0) return -1;
                i += k;
            }
            var b = s[i];
            if (b == (byte)'"') return i;
            if (b >= 0x80)
            {
                nonAscii = true;
                i++;
                continue;
            }
            // A control character (< 0x20) is invalid in a string.
            if (b != (byte)'\\') return -1;
            escaped = true;
            // Step over the backslash and the escaped character (a \uXXXX's digits are plain characters).
            if (i + 1 >= s.Length || s[i + 1] < 0x20) return -1;
            i += 2;
        }
    }

    /// <summary>Whether a name can be matched in place: no quote, backslash or control character.</summary>
    private static bool IsPlain(byte[] name) => name.AsSpan().IndexOfAny(StringStops) < 0;

    /// <summary>
    /// The index after the JSON number at <paramref name="i"/> (<c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>),
    /// or -1; <paramref name="integer"/> when it has no fraction or exponent.
    /// </summary>
    private static int ScanNumber(ReadOnlySpan<byte> s, int i, out bool integer)
    {
        integer = true;
        if (s[i] == (byte)'-') i++;
        if (i >= s.Length) return -1;
        if (s[i] == (byte)'0') i++;
        else if ((uint)(s[i] - '1') <= 8) i = Digits(s, i + 1);
        else return -1;
        if (i < s.Length && s[i] == (byte)'.')
        {
            integer = false;
            var start = i + 1;
            i = Digits(s, start);
            if (i == start) return -1;
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            integer = false;
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-') i++;
            var start = i;
            i = Digits(s, start);
            if (i == start) return -1;
        }
        return i;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        return i;
    }

    private static byte[] Range(int from, int to) => [.. Enumerable.Range(from, to - from).Select(b => (byte)b)];

    /// <summary>The index of the first non-whitespace byte from <paramref name="i"/>: inlined, the loop only called when there is whitespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Space(ReadOnlySpan<byte> s, int i) => (uint)i < (uint)s.Length && s[i] > (byte)' ' ? i : SkipWhitespace(s, i);

    private static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i++;
        return i;
    }
}
