using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// A Java <c>SimpleDateFormat</c> / <c>DateTimeFormatter</c> pattern (<c>yyyy-MM-dd HH:mm:ss.SSS</c>) translated
/// once to a .NET custom format string, for DATE_FORMAT, TO_TIMESTAMP, UNIX_TIMESTAMP and FROM_UNIXTIME.
/// </summary>
internal sealed class JavaDateFormat
{
    private static readonly ConcurrentDictionary<string, JavaDateFormat> Cache = new();

    private readonly string _format;
    private readonly string[] _parseFormats;
    private readonly bool _hasYear;
    private readonly bool _hasMonthOrDay;

    private JavaDateFormat(string pattern)
    {
        var exact = new StringBuilder();
        var loose = new StringBuilder();
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                // 'quoted text'; '' is a quote.
                var end = pattern.IndexOf('\'', i + 1);
                if (end == i + 1)
                {
                    Append(exact, loose, "\\'");
                    i += 2;
                    continue;
                }
                if (end < 0) end = pattern.Length;
                foreach (var q in pattern.AsSpan(i + 1, end - i - 1)) Append(exact, loose, "\\" + q);
                i = end + 1;
                continue;
            }
            if (!char.IsAsciiLetter(c))
            {
                Append(exact, loose, "\\" + c);
                i++;
                continue;
            }
            var n = 1;
            while (i + n < pattern.Length && pattern[i + n] == c) n++;
            i += n;
            var nextIsNumeric = i < pattern.Length && "yMdHhmsSkK".Contains(pattern[i], StringComparison.Ordinal);
            switch (c)
            {
                case 'y' or 'u':
                    _hasYear = true;
                    Append(exact, loose, n == 2 ? "yy" : "yyyy");
                    break;
                case 'M' or 'L':
                    _hasMonthOrDay = true;
                    Append(exact, loose, n >= 4 ? "MMMM" : n == 3 ? "MMM" : n == 2 ? "MM" : "%M", n <= 2 && !nextIsNumeric ? "%M" : null);
                    break;
                case 'd':
                    _hasMonthOrDay = true;
                    Append(exact, loose, n >= 2 ? "dd" : "%d", !nextIsNumeric ? "%d" : null);
                    break;
                case 'H' or 'k':
                    Append(exact, loose, n >= 2 ? "HH" : "%H", !nextIsNumeric ? "%H" : null);
                    break;
                case 'h' or 'K':
                    Append(exact, loose, n >= 2 ? "hh" : "%h", !nextIsNumeric ? "%h" : null);
                    break;
                case 'm':
                    Append(exact, loose, n >= 2 ? "mm" : "%m", !nextIsNumeric ? "%m" : null);
                    break;
                case 's':
                    Append(exact, loose, n >= 2 ? "ss" : "%s", !nextIsNumeric ? "%s" : null);
                    break;
                case 'S':
                    Append(exact, loose, new string('f', Math.Min(n, 7)));
                    break;
                case 'a':
                    Append(exact, loose, "tt");
                    break;
                case 'E':
                    Append(exact, loose, n >= 4 ? "dddd" : "ddd");
                    break;
                case 'G':
                    Append(exact, loose, "gg");
                    break;
                case 'X' or 'Z' or 'x':
                    Append(exact, loose, "zzz");
                    break;
                default:
                    throw new ExpressionEvaluationException($"unsupported date pattern letter '{c}' in '{pattern}'");
            }
        }
        _format = exact.ToString();
        var looseFormat = loose.ToString();
        _parseFormats = looseFormat == _format ? [_format] : [_format, looseFormat];
    }

    private static void Append(StringBuilder exact, StringBuilder loose, string text, string? looseText = null)
    {
        exact.Append(text);
        loose.Append(looseText ?? text);
    }

    /// <summary>The translation of <paramref name="pattern"/> (cached).</summary>
    public static JavaDateFormat Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var format)) return format;
        if (Cache.Count > 1024) Cache.Clear();
        return Cache.GetOrAdd(pattern, p => new JavaDateFormat(p));
    }

    /// <summary>The .NET custom format string.</summary>
    public string NetFormat => _format;

    /// <summary>Formats a wall-clock timestamp.</summary>
    public string Format(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Unspecified).ToString(_format, CultureInfo.InvariantCulture);

    /// <summary>Parses a wall-clock timestamp; missing date fields default to 1970-01-01 as in Java.</summary>
    public bool TryParse(string s, out DateTime result)
    {
        if (!DateTime.TryParseExact(s.Trim(), _parseFormats, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out result))
        {
            return false;
        }
        if (!_hasYear && result.Year == 1) result = result.AddYears(1969);
        if (!_hasMonthOrDay && !_hasYear) result = new DateTime(1970, 1, 1).Add(result.TimeOfDay);
        result = DateTime.SpecifyKind(result, DateTimeKind.Unspecified);
        return true;
    }
}
