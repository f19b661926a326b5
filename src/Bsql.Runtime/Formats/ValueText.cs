using System.Collections;
using System.Globalization;
using System.Text;

namespace Bsql.Runtime.Formats;

/// <summary>
/// Runtime values as text, as a SQL <c>CAST(x AS STRING)</c> prints them (and Flink's print sink):
/// TIMESTAMP <c>2024-01-31 12:00:00.000</c> (at least milliseconds), DATE <c>2024-01-31</c>, TIME
/// <c>12:00:00</c>, booleans <c>TRUE</c>/<c>FALSE</c> in print form <c>true</c>/<c>false</c>, doubles in shortest
/// round-trip form, arrays <c>[a, b]</c>, maps <c>{k=v}</c>, rows <c>(a, b)</c>... NULL as <c>null</c>.
/// </summary>
public static class ValueText
{
    /// <summary>Appends <paramref name="value"/> to <paramref name="text"/>.</summary>
    public static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case string s: text.Append(s); break;
            case long l: text.Append(l); break;
            case int i: text.Append(i); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case double d: text.Append(FormatDouble(d)); break;
            case float f: text.Append(FormatFloat(f)); break;
            case decimal m: text.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            case DateTime dt: AppendTimestamp(text, dt); break;
            case DateOnly date: text.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case TimeOnly time: text.Append(time.ToString(time.Millisecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fff", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: text.Append("x'").Append(Convert.ToHexString(bytes)).Append('\''); break;
            case object?[] items:
                text.Append('[');
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    Append(text, items[i]);
                }
                text.Append(']');
                break;
            case IDictionary map:
                text.Append('{');
                var first = true;
                foreach (DictionaryEntry entry in map)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Append(text, entry.Key);
                    text.Append('=');
                    Append(text, entry.Value);
                }
                text.Append('}');
                break;
            case IFormattable formattable: text.Append(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: text.Append(value); break;
        }
    }

    /// <summary><paramref name="value"/> as text.</summary>
    public static string ToText(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    /// <summary><c>2024-01-31 12:00:00.000</c>: milliseconds always, more digits when present.</summary>
    public static void AppendTimestamp(StringBuilder text, DateTime value)
    {
        text.Append(value.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        var subMillis = value.Ticks % TimeSpan.TicksPerMillisecond;
        if (subMillis != 0)
        {
            var digits = (subMillis * 100).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
            text.Append(digits);
        }
    }

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity"
        : JavaStyle(d.ToString("R", CultureInfo.InvariantCulture));

    private static string FormatFloat(float f) =>
        float.IsNaN(f) ? "NaN" : float.IsPositiveInfinity(f) ? "Infinity" : float.IsNegativeInfinity(f) ? "-Infinity"
        : JavaStyle(f.ToString("R", CultureInfo.InvariantCulture));

    // Java prints doubles with a fraction always (1.0) and exponents as 1.0E10.
    private static string JavaStyle(string s)
    {
        if (s.Contains('E', StringComparison.Ordinal))
        {
            var parts = s.Split('E');
            var mantissa = parts[0].Contains('.', StringComparison.Ordinal) ? parts[0] : parts[0] + ".0";
            var exponent = parts[1].TrimStart('+');
            return mantissa + "E" + exponent;
        }
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }
}
