using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

/// <summary>Runtime conversions behind CAST, following Flink's cast rules (Java numeric semantics, SQL formats).</summary>
internal static class CastFunctions
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // ---- numbers ----

    /// <summary>Java <c>(long) d</c>: truncates, saturates, NaN is 0.</summary>
    public static long DoubleToInt64(double d)
    {
        if (double.IsNaN(d)) return 0;
        if (d >= 9.223372036854775807E18) return long.MaxValue;
        if (d <= -9.223372036854775808E18) return long.MinValue;
        return (long)d;
    }

    /// <summary>Java <c>(int) d</c>: truncates, saturates, NaN is 0.</summary>
    public static int DoubleToInt32(double d)
    {
        if (double.IsNaN(d)) return 0;
        if (d >= int.MaxValue) return int.MaxValue;
        if (d <= int.MinValue) return int.MinValue;
        return (int)d;
    }

    /// <summary>A DOUBLE as DECIMAL via its shortest decimal representation (Java <c>BigDecimal.valueOf</c>).</summary>
    public static decimal DoubleToDecimal(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new ExpressionEvaluationException($"cannot convert {JavaDoubleToString(d)} to DECIMAL");
        try
        {
            return decimal.Parse(d.ToString("R", Invariant), NumberStyles.Float, Invariant);
        }
        catch (OverflowException e)
        {
            throw new ExpressionEvaluationException($"DOUBLE {JavaDoubleToString(d)} is out of the DECIMAL range", e);
        }
    }

    /// <summary>Java <c>BigDecimal.longValue()</c>: truncates toward zero, keeps the low 64 bits.</summary>
    public static long DecimalToInt64(decimal d)
    {
        var t = decimal.Truncate(d);
        if (t >= long.MinValue && t <= long.MaxValue) return (long)t;
        return (long)(ulong)(new BigInteger(t) & ulong.MaxValue);
    }

    /// <summary>Parses an integer as Flink does: trimmed, a fractional part is allowed and truncated; range-checked.</summary>
    public static long StringToInteger(string s, long min, long max, string typeName) =>
        TryStringToInteger(s, min, max) ?? throw new ExpressionEvaluationException($"cannot cast '{s}' to {typeName}: not a valid {typeName} value");

    /// <summary>The integer in <paramref name="s"/>, or NULL when it is not one in [min, max] (TRY_CAST).</summary>
    public static long? TryStringToInteger(string s, long min, long max)
    {
        var t = s.AsSpan().Trim();
        var dot = t.IndexOf('.');
        var integral = dot >= 0 ? t[..dot] : t;
        if (dot >= 0 && t[(dot + 1)..].IndexOfAnyExceptInRange('0', '9') >= 0) return null;
        if (dot >= 0 && (integral.IsEmpty || integral is "+" or "-"))
        {
            // ".5" and "-.5" truncate to 0, as long as some digit follows the point.
            return t.Length > dot + 1 ? 0 : null;
        }
        if (long.TryParse(integral, NumberStyles.AllowLeadingSign, Invariant, out var value) && value >= min && value <= max) return value;
        return null;
    }

    /// <summary>Parses a DOUBLE (trimmed; Java spellings NaN and Infinity accepted).</summary>
    public static double StringToDouble(string s) =>
        TryStringToDouble(s) ?? throw new ExpressionEvaluationException($"cannot cast '{s}' to DOUBLE: not a number");

    /// <summary>The DOUBLE in <paramref name="s"/>, or NULL (TRY_CAST).</summary>
    public static double? TryStringToDouble(string s)
    {
        var t = s.Trim();
        if (t.Length > 1 && (t.EndsWith('d') || t.EndsWith('D') || t.EndsWith('f') || t.EndsWith('F'))) t = t[..^1];
        if (double.TryParse(t, NumberStyles.Float, Invariant, out var d)) return d;
        return t switch
        {
            "NaN" => double.NaN,
            "Infinity" or "+Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        };
    }

    /// <summary>Parses a DECIMAL (trimmed).</summary>
    public static decimal StringToDecimal(string s) =>
        TryStringToDecimal(s) ?? throw new ExpressionEvaluationException($"cannot cast '{s}' to DECIMAL: not a number");

    /// <summary>The DECIMAL in <paramref name="s"/>, or NULL (TRY_CAST).</summary>
    public static decimal? TryStringToDecimal(string s) => decimal.TryParse(s.Trim(), NumberStyles.Float, Invariant, out var d) ? d : null;

    /// <summary>Parses a BOOLEAN: true/t/yes/y/1 and false/f/no/n/0, case-insensitive.</summary>
    public static bool StringToBoolean(string s) =>
        TryStringToBoolean(s) ?? throw new ExpressionEvaluationException($"cannot cast '{s}' to BOOLEAN");

    /// <summary>The BOOLEAN in <paramref name="s"/>, or NULL (TRY_CAST).</summary>
    public static bool? TryStringToBoolean(string s) => s.Trim().ToLowerInvariant() switch
    {
        "true" or "t" or "yes" or "y" or "1" => true,
        "false" or "f" or "no" or "n" or "0" => false,
        _ => null,
    };

    // ---- temporal parsing ----

    /// <summary>Parses <c>yyyy-MM-dd</c> (a time part after a space or T is ignored).</summary>
    public static DateOnly StringToDate(string s) =>
        TryStringToDate(s) ?? throw new ExpressionEvaluationException($"cannot cast '{s}' to DATE: expected yyyy-MM-dd");

    /// <summary>The DATE in <paramref name="s"/>, or NULL (TRY_CAST).</summary>
    public static DateOnly? TryStringToDate(string s)
    {
        var t = s.Trim();
        var cut = t.IndexOfAny([' ', 'T']);
        if (cut >= 0) t = t[..cut];
        return TryParseDate(t, out var date) ? date : null;
    }

    private static bool TryParseDate(string t, out DateOnly date)
    {
        date = default;
        var parts = t.Split('-');
        var negative = false;
        if (parts.Length == 4 && parts[0].Length == 0)
        {
            negative = true;
            parts = parts[1..];
        }
        if (parts.Length != 3) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, Invariant, out var y) || !int.TryParse(parts[1], NumberStyles.None, Invariant, out var m)
            || !int.TryParse(parts[2], NumberStyles.None, Invariant, out var d)) return false;
        if (negative || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>Parses <c>HH:mm[:ss[.fffffffff]]</c>.</summary>
    public static TimeOnly StringToTime(string s)
    {
        if (TryParseTime(s.Trim(), out var ticks)) return new TimeOnly(ticks);
        throw new ExpressionEvaluationException($"cannot cast '{s}' to TIME: expected HH:mm:ss[.fff]");
    }

    private static bool TryParseTime(string t, out long ticks)
    {
        ticks = 0;
        var parts = t.Split(':');
        if (parts.Length is < 2 or > 3) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, Invariant, out var h) || !int.TryParse(parts[1], NumberStyles.None, Invariant, out var m)) return false;
        var sec = 0;
        long fractionTicks = 0;
        if (parts.Length == 3)
        {
            var secText = parts[2];
            var dot = secText.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0)
            {
                var fraction = secText[(dot + 1)..];
                secText = secText[..dot];
                if (fraction.Length is 0 or > 9 || fraction.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0) return false;
                var padded = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
                fractionTicks = long.Parse(padded, Invariant);
            }
            if (!int.TryParse(secText, NumberStyles.None, Invariant, out sec)) return false;
        }
        if (h > 23 || m > 59 || sec > 59) return false;
        ticks = ((h * 60L + m) * 60 + sec) * TimeSpan.TicksPerSecond + fractionTicks;
        return true;
    }

    /// <summary>Parses <c>yyyy-MM-dd[ HH:mm:ss[.fffffffff]]</c> (also with a T separator).</summary>
    public static DateTime StringToTimestamp(string s)
    {
        if (TryParseTimestamp(s, out var ts)) return ts;
        throw new ExpressionEvaluationException($"cannot cast '{s}' to TIMESTAMP: expected yyyy-MM-dd HH:mm:ss[.fff]");
    }

    /// <summary>The TIMESTAMP in <paramref name="s"/>, or NULL (TRY_CAST).</summary>
    public static DateTime? TryStringToTimestamp(string s) => TryParseTimestamp(s, out var t) ? t : null;

    /// <summary>Parses a SQL timestamp literal; false when it is not one.</summary>
    public static bool TryParseTimestamp(string s, out DateTime timestamp)
    {
        timestamp = default;
        var t = s.Trim();
        if (t.EndsWith('Z')) t = t[..^1];
        var cut = t.IndexOfAny([' ', 'T']);
        var datePart = cut >= 0 ? t[..cut] : t;
        if (!TryParseDate(datePart, out var date)) return false;
        long ticks = 0;
        if (cut >= 0 && !TryParseTime(t[(cut + 1)..].Trim(), out ticks)) return false;
        timestamp = new DateTime(date.DayNumber * TimeSpan.TicksPerDay + ticks, DateTimeKind.Unspecified);
        return true;
    }

    // ---- to string ----

    /// <summary><c>TRUE</c> / <c>FALSE</c> (Flink 1.15+).</summary>
    public static string BooleanToString(bool b) => b ? "TRUE" : "FALSE";

    /// <summary>Java's <c>Double.toString</c>: <c>1.0</c>, <c>1.0E10</c>, <c>1.0E-4</c>.</summary>
    public static string JavaDoubleToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        return JavaFloatingToString(Math.Abs(d), d.ToString("R", Invariant), d < 0);
    }

    /// <summary>Java's <c>Float.toString</c>.</summary>
    public static string JavaFloatToString(float f)
    {
        if (float.IsNaN(f)) return "NaN";
        if (float.IsPositiveInfinity(f)) return "Infinity";
        if (float.IsNegativeInfinity(f)) return "-Infinity";
        if (f == 0) return float.IsNegative(f) ? "-0.0" : "0.0";
        return JavaFloatingToString(Math.Abs(f), f.ToString("R", Invariant), f < 0);
    }

    private static string JavaFloatingToString(double abs, string shortest, bool negative)
    {
        // Decompose the shortest round-trip text into digits d1d2... and the exponent of 0.d1d2... x 10^point.
        var text = shortest.TrimStart('-');
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, Invariant);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? text[..dot] : text;
        var fracPart = dot >= 0 ? text[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var point = intPart.TrimStart('0').Length + exponent;
        if (intPart.TrimStart('0').Length == 0) point = exponent - (fracPart.Length - fracPart.TrimStart('0').Length);
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (abs >= 1e-3 && abs < 1e7)
        {
            if (point <= 0)
            {
                sb.Append("0.").Append('0', -point).Append(digits);
            }
            else if (point >= digits.Length)
            {
                sb.Append(digits).Append('0', point - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            }
            return sb.ToString();
        }
        sb.Append(digits[0]).Append('.');
        sb.Append(digits.Length > 1 ? digits[1..] : "0");
        sb.Append('E').Append((point - 1).ToString(Invariant));
        return sb.ToString();
    }

    /// <summary>A DECIMAL with exactly <paramref name="scale"/> fractional digits.</summary>
    public static string DecimalToString(decimal d, int scale) => Ops.SetScale(d, Math.Min(scale, 28)).ToString(Invariant);

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public static string DateToString(DateOnly d) => d.ToString("yyyy-MM-dd", Invariant);

    /// <summary><c>HH:mm:ss[.f...]</c> with <paramref name="precision"/> fractional digits.</summary>
    public static string TimeToString(TimeOnly t, int precision) =>
        t.ToString(precision <= 0 ? "HH:mm:ss" : "HH:mm:ss." + new string('f', Math.Min(precision, 7)), Invariant);

    /// <summary><c>yyyy-MM-dd HH:mm:ss[.f...]</c> with <paramref name="precision"/> fractional digits.</summary>
    public static string TimestampToString(DateTime t, int precision) =>
        t.ToString(precision <= 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss." + new string('f', Math.Min(precision, 7)), Invariant);

    /// <summary>Flink's day-time interval text: <c>+1 02:03:04.000</c>.</summary>
    public static string IntervalDayTimeToString(long millis)
    {
        var sign = millis < 0 ? '-' : '+';
        var abs = millis == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(millis);
        var days = abs / 86_400_000;
        var rest = abs % 86_400_000;
        return string.Create(Invariant, $"{sign}{days} {rest / 3_600_000:00}:{rest / 60_000 % 60:00}:{rest / 1000 % 60:00}.{rest % 1000:000}");
    }

    /// <summary>Flink's year-month interval text: <c>+1-02</c>.</summary>
    public static string IntervalYearMonthToString(int months)
    {
        var sign = months < 0 ? '-' : '+';
        var abs = Math.Abs((long)months);
        return string.Create(Invariant, $"{sign}{abs / 12}-{abs % 12:00}");
    }

    /// <summary>BYTES as text (UTF-8, as Flink).</summary>
    public static string BytesToString(byte[] b) => Encoding.UTF8.GetString(b);

    /// <summary>Text as BYTES (UTF-8).</summary>
    public static byte[] StringToBytes(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>CHAR(n) pads, VARCHAR(n) truncates.</summary>
    public static string FitLength(string s, int length, bool pad)
    {
        if (s.Length > length) return s[..length];
        return pad && s.Length < length ? s.PadRight(length) : s;
    }

    /// <summary>Any runtime value as Flink prints it (arrays <c>[1, 2]</c>, maps <c>{k=v}</c>, rows <c>(1, a)</c>).</summary>
    public static string FormatValue(object? value, SqlType type, TimeZoneInfo zone)
    {
        if (value is null) return "NULL";
        switch (type.Kind)
        {
            case SqlTypeKind.Array when value is object?[] items:
                return "[" + string.Join(", ", items.Select(i => FormatValue(i, type.Element ?? SqlType.String, zone))) + "]";
            case SqlTypeKind.Row when value is object?[] fields:
                return "(" + string.Join(", ", fields.Select((f, i) => FormatValue(f, i < type.Fields.Length ? type.Fields[i].Type : SqlType.String, zone))) + ")";
            case SqlTypeKind.Map when value is IDictionary map:
                var parts = new List<string>();
                foreach (DictionaryEntry entry in map)
                {
                    parts.Add(FormatValue(entry.Key, type.Element ?? SqlType.String, zone) + "=" + FormatValue(entry.Value, type.Value ?? SqlType.String, zone));
                }
                return "{" + string.Join(", ", parts) + "}";
            default:
                return FormatScalar(value, type, zone);
        }
    }

    private static string FormatScalar(object value, SqlType type, TimeZoneInfo zone) => value switch
    {
        string s => s,
        bool b => BooleanToString(b),
        double d => JavaDoubleToString(d),
        float f => JavaFloatToString(f),
        decimal m => type.Kind == SqlTypeKind.Decimal ? DecimalToString(m, type.Scale) : m.ToString(Invariant),
        long l when type.Kind == SqlTypeKind.IntervalDayTime => IntervalDayTimeToString(l),
        int i when type.Kind == SqlTypeKind.IntervalYearMonth => IntervalYearMonthToString(i),
        DateOnly d => DateToString(d),
        TimeOnly t => TimeToString(t, type.Kind == SqlTypeKind.Time ? type.Precision : 0),
        DateTime t when type.Kind == SqlTypeKind.TimestampLtz => TimestampToString(TemporalFunctions.UtcToLocal(t, zone), type.Precision),
        DateTime t => TimestampToString(t, type.Kind == SqlTypeKind.Timestamp ? type.Precision : 3),
        byte[] b => BytesToString(b),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    // ---- composite ----

    /// <summary>Casts every element of an array.</summary>
    public static object?[] CastArray(object?[] items, Func<object?, object?> element)
    {
        var result = new object?[items.Length];
        for (var i = 0; i < items.Length; i++) result[i] = element(items[i]);
        return result;
    }

    /// <summary>Casts every key and value of a map.</summary>
    public static Dictionary<object, object?> CastMap(Dictionary<object, object?> map, Func<object?, object?> key, Func<object?, object?> value)
    {
        var result = new Dictionary<object, object?>(map.Count);
        foreach (var (k, v) in map)
        {
            var newKey = key(k);
            if (newKey is not null) result[newKey] = value(v);
        }
        return result;
    }

    /// <summary>Casts every field of a row.</summary>
    public static object?[] CastRow(object?[] fields, Func<object?, object?>[] casts)
    {
        var result = new object?[casts.Length];
        for (var i = 0; i < casts.Length && i < fields.Length; i++) result[i] = casts[i](fields[i]);
        return result;
    }
}
