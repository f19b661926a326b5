using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bsql.Runtime.Expressions;

/// <summary>String built-in functions (Flink semantics; positions are 1-based, counted in UTF-16 units).</summary>
internal static class StringFunctions
{
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new();

    /// <summary>A compiled regular expression, cached by pattern text.</summary>
    public static Regex Regex(string pattern)
    {
        if (Regexes.TryGetValue(pattern, out var regex)) return regex;
        if (Regexes.Count > 1024) Regexes.Clear();
        try
        {
            return Regexes.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw new ExpressionEvaluationException($"invalid regular expression '{pattern}': {e.Message}", e);
        }
    }

    /// <summary><c>CHAR_LENGTH</c>.</summary>
    public static int CharLength(string s) => s.Length;

    /// <summary><c>UPPER</c>.</summary>
    public static string Upper(string s) => s.ToUpperInvariant();

    /// <summary><c>LOWER</c>.</summary>
    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary><c>INITCAP</c>: first letter of each word upper-case, the rest lower-case.</summary>
    public static string InitCap(string s)
    {
        var chars = s.ToCharArray();
        var start = true;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsLetterOrDigit(c))
            {
                chars[i] = start ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
                start = false;
            }
            else
            {
                start = true;
            }
        }
        return new string(chars);
    }

    /// <summary><c>TRIM(s)</c>: spaces on both sides.</summary>
    public static string Trim(string s) => s.Trim(' ');

    /// <summary><c>TRIM(chars FROM s)</c>.</summary>
    public static string Trim(string s, string chars) => s.Trim(chars.ToCharArray());

    /// <summary><c>LTRIM(s)</c>.</summary>
    public static string LTrim(string s) => s.TrimStart(' ');

    /// <summary><c>LTRIM(s, chars)</c>.</summary>
    public static string LTrim(string s, string chars) => s.TrimStart(chars.ToCharArray());

    /// <summary><c>RTRIM(s)</c>.</summary>
    public static string RTrim(string s) => s.TrimEnd(' ');

    /// <summary><c>RTRIM(s, chars)</c>.</summary>
    public static string RTrim(string s, string chars) => s.TrimEnd(chars.ToCharArray());

    /// <summary><c>SUBSTRING(s, start)</c>.</summary>
    public static string Substring(string s, long start) => Substring(s, start, int.MaxValue);

    /// <summary><c>SUBSTRING(s, start, len)</c>: 1-based; a negative start counts from the end (Flink/Hive).</summary>
    public static string Substring(string s, long start, long length)
    {
        if (length < 0) return "";
        long from = start > 0 ? start - 1 : start < 0 ? s.Length + start : 0;
        var to = length >= int.MaxValue ? s.Length : Math.Min(s.Length, from + length);
        from = Math.Max(from, 0);
        return from >= to ? "" : s.Substring((int)from, (int)(to - from));
    }

    /// <summary><c>REPLACE(s, search, replacement)</c>.</summary>
    public static string Replace(string s, string search, string replacement) =>
        search.Length == 0 ? s : s.Replace(search, replacement, StringComparison.Ordinal);

    /// <summary><c>CONCAT(a, b, ...)</c>.</summary>
    public static string Concat(params string[] parts) => string.Concat(parts);

    /// <summary><c>CONCAT_WS(sep, a, b, ...)</c>: NULL parts are skipped; NULL separator gives NULL.</summary>
    public static string? ConcatWs(string? separator, params string?[] parts) =>
        separator is null ? null : string.Join(separator, parts.Where(p => p is not null));

    /// <summary><c>POSITION(needle IN haystack)</c>: 1-based, 0 when absent.</summary>
    public static int Position(string needle, string haystack) => haystack.IndexOf(needle, StringComparison.Ordinal) + 1;

    /// <summary><c>LOCATE(needle, haystack)</c>.</summary>
    public static int Locate(string needle, string haystack) => Position(needle, haystack);

    /// <summary><c>LOCATE(needle, haystack, from)</c>: search from the 1-based position.</summary>
    public static int Locate(string needle, string haystack, long from)
    {
        if (from < 1 || from > haystack.Length + 1) return 0;
        return haystack.IndexOf(needle, (int)from - 1, StringComparison.Ordinal) + 1;
    }

    /// <summary><c>INSTR(s, needle)</c>.</summary>
    public static int Instr(string s, string needle) => Position(needle, s);

    /// <summary><c>LPAD(s, len, pad)</c>: NULL when len is negative; truncates to len.</summary>
    public static string? Lpad(string s, long length, string pad)
    {
        if (length < 0) return null;
        if (length <= s.Length) return s[..(int)length];
        if (pad.Length == 0) return null;
        var sb = new StringBuilder((int)length);
        while (sb.Length < length - s.Length) sb.Append(pad);
        sb.Length = (int)(length - s.Length);
        return sb.Append(s).ToString();
    }

    /// <summary><c>RPAD(s, len, pad)</c>.</summary>
    public static string? Rpad(string s, long length, string pad)
    {
        if (length < 0) return null;
        if (length <= s.Length) return s[..(int)length];
        if (pad.Length == 0) return null;
        var sb = new StringBuilder(s, (int)length);
        while (sb.Length < length) sb.Append(pad);
        sb.Length = (int)length;
        return sb.ToString();
    }

    /// <summary><c>REPEAT(s, n)</c>: empty when n ≤ 0.</summary>
    public static string Repeat(string s, long n) => n <= 0 ? "" : new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();

    /// <summary><c>REVERSE(s)</c>.</summary>
    public static string Reverse(string s)
    {
        var chars = s.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    /// <summary><c>SPLIT_INDEX(s, sep, idx)</c>: the 0-based idx-th part, NULL when out of range.</summary>
    public static string? SplitIndex(string s, string separator, long index)
    {
        if (index < 0 || separator.Length == 0) return null;
        var parts = s.Split(separator);
        return index < parts.Length ? parts[index] : null;
    }

    private static readonly ConcurrentDictionary<string, string> Replacements = new();

    /// <summary><c>REGEXP_REPLACE(s, regex, replacement)</c>; the replacement uses Java's syntax (<c>$1</c>, <c>\$</c>).</summary>
    public static string RegexpReplace(string s, string regex, string replacement)
    {
        if (Replacements.Count > 1024) Replacements.Clear();
        return Regex(regex).Replace(s, Replacements.GetOrAdd(replacement, JavaReplacementToNet));
    }

    /// <summary>Java's <c>Matcher.replaceAll</c> syntax in .NET's: <c>\x</c> is a literal x, a literal $ is <c>$$</c>.</summary>
    private static string JavaReplacementToNet(string java)
    {
        var sb = new StringBuilder(java.Length);
        for (var i = 0; i < java.Length; i++)
        {
            var c = java[i];
            if (c == '\\' && i + 1 < java.Length)
            {
                var next = java[++i];
                sb.Append(next == '$' ? "$$" : next.ToString());
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary><c>REGEXP_EXTRACT(s, regex)</c>: group 1 of the first match.</summary>
    public static string? RegexpExtract(string s, string regex) => RegexpExtract(s, regex, 1);

    /// <summary><c>REGEXP_EXTRACT(s, regex, group)</c>: NULL when no match or no such group.</summary>
    public static string? RegexpExtract(string s, string regex, long group)
    {
        var m = Regex(regex).Match(s);
        if (!m.Success || group < 0 || group >= m.Groups.Count) return null;
        return m.Groups[(int)group].Success ? m.Groups[(int)group].Value : null;
    }

    /// <summary><c>REGEXP(s, regex)</c>: true when any part of s matches.</summary>
    public static bool Regexp(string s, string regex) => Regex(regex).IsMatch(s);

    /// <summary><c>LEFT(s, n)</c>.</summary>
    public static string Left(string s, long n) => n <= 0 ? "" : n >= s.Length ? s : s[..(int)n];

    /// <summary><c>RIGHT(s, n)</c>.</summary>
    public static string Right(string s, long n) => n <= 0 ? "" : n >= s.Length ? s : s[^(int)n..];

    /// <summary><c>ASCII(s)</c>: code of the first character, 0 for the empty string.</summary>
    public static int Ascii(string s) => s.Length == 0 ? 0 : s[0];

    /// <summary><c>CHR(n)</c>: the character with code n (n &gt; 255 is taken modulo 255 first, as Flink documents).</summary>
    public static string? Chr(long n)
    {
        if (n < 0) return null;
        if (n > 255) n %= 255;
        return ((char)n).ToString();
    }

    /// <summary><c>TO_BASE64(s)</c> of the UTF-8 bytes.</summary>
    public static string ToBase64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    /// <summary><c>TO_BASE64(bytes)</c>.</summary>
    public static string ToBase64(byte[] b) => Convert.ToBase64String(b);

    /// <summary><c>FROM_BASE64(s)</c> as text.</summary>
    public static string FromBase64(string s) => Encoding.UTF8.GetString(FromBase64Bytes(s));

    /// <summary><c>FROM_BASE64(s)</c> as BYTES.</summary>
    public static byte[] FromBase64Bytes(string s)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException e)
        {
            throw new ExpressionEvaluationException($"FROM_BASE64: '{s}' is not valid base64", e);
        }
    }

    /// <summary><c>UUID()</c>: a random RFC 4122 version 4 UUID.</summary>
    public static string Uuid() => Guid.NewGuid().ToString();

    /// <summary><c>STR_TO_MAP(s)</c> with ',' between pairs and '=' between key and value.</summary>
    public static Dictionary<object, object?> StrToMap(string s) => StrToMap(s, ",", "=");

    /// <summary><c>STR_TO_MAP(s, pairSep)</c> with '=' between key and value.</summary>
    public static Dictionary<object, object?> StrToMap(string s, string pairSeparator) => StrToMap(s, pairSeparator, "=");

    /// <summary><c>STR_TO_MAP(s, pairSep, kvSep)</c>; both separators are regular expressions (as Flink).</summary>
    public static Dictionary<object, object?> StrToMap(string s, string pairSeparator, string keyValueSeparator)
    {
        var map = new Dictionary<object, object?>();
        if (s.Length == 0) return map;
        foreach (var pair in Regex(pairSeparator).Split(s))
        {
            var kv = Regex(keyValueSeparator).Split(pair, 2);
            map[kv[0]] = kv.Length > 1 ? kv[1] : null;
        }
        return map;
    }

    /// <summary><c>OVERLAY(s PLACING r FROM pos)</c>.</summary>
    public static string Overlay(string s, string replacement, long position) => Overlay(s, replacement, position, replacement.Length);

    /// <summary><c>OVERLAY(s PLACING r FROM pos FOR len)</c>.</summary>
    public static string Overlay(string s, string replacement, long position, long length)
    {
        var start = (int)Math.Clamp(position - 1, 0, s.Length);
        var end = (int)Math.Clamp(position - 1 + Math.Max(length, 0), start, s.Length);
        return string.Concat(s.AsSpan(0, start), replacement, s.AsSpan(end));
    }

    /// <summary><c>IS_DIGIT(s)</c>: non-empty and only ASCII digits; false for NULL.</summary>
    public static bool IsDigit(string? s) => !string.IsNullOrEmpty(s) && s.All(char.IsAsciiDigit);

    /// <summary><c>IS_ALPHA(s)</c>: non-empty and only letters; false for NULL.</summary>
    public static bool IsAlpha(string? s) => !string.IsNullOrEmpty(s) && s.All(char.IsLetter);

    /// <summary><c>IS_DECIMAL(s)</c>: parses as a number; false for NULL.</summary>
    public static bool IsDecimal(string? s) =>
        !string.IsNullOrWhiteSpace(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d);
}
