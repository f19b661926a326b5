using System.Globalization;
using System.Numerics;
using System.Text;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Formats;

/// <summary>
/// Text ↔ runtime value conversions shared by the text formats (CSV fields, JSON strings): numbers in
/// invariant culture, booleans <c>true</c>/<c>false</c>, DATE <c>2024-01-31</c>, TIME <c>12:00:00[.fff]</c>,
/// TIMESTAMP <c>2024-01-31 12:00:00[.fffffffff]</c> or ISO-8601 <c>2024-01-31T12:00:00[.fff][Z]</c>.
/// </summary>
public static class TextValues
{
    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/> (scalar types only).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, SqlType type, out object? value)
    {
        value = null;
        var t = text.Trim();
        switch (type.Kind)
        {
            case SqlTypeKind.VarChar or SqlTypeKind.Char: value = text.ToString(); return true;
            case SqlTypeKind.Boolean:
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
                if (t.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
                return false;
            case SqlTypeKind.TinyInt: { if (!sbyte.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.SmallInt: { if (!short.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Int: { if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.BigInt: { if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Float: { if (!float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Double: { if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Decimal: { if (!decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Date: { if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Time: { if (!TimeOnly.TryParse(t, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            case SqlTypeKind.Timestamp: { if (!TryParseTimestamp(t, out var v)) return false; value = DateTime.SpecifyKind(v, DateTimeKind.Unspecified); return true; }
            case SqlTypeKind.TimestampLtz: { if (!TryParseTimestamp(t, out var v)) return false; value = DateTime.SpecifyKind(v, DateTimeKind.Utc); return true; }
            case SqlTypeKind.Bytes:
                try { value = Convert.FromBase64String(t.ToString()); return true; }
                catch (FormatException) { return false; }
            case SqlTypeKind.IntervalDayTime: { if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false; value = v; return true; }
            default: return false;
        }
    }

    /// <summary>
    /// Parses <c>yyyy-MM-dd[ T]HH:mm[:ss[.f…]][Z|±hh:mm]</c> (a zone offset converts to UTC), by hand: this is on the hot path of every decoder.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> s, out DateTime value) => TryParseTimestampCore(s, out value);

    /// <summary>As <see cref="TryParseTimestamp(ReadOnlySpan{char}, out DateTime)"/>, from ASCII bytes (a decoder's input, not transcoded).</summary>
    internal static bool TryParseTimestamp(ReadOnlySpan<byte> s, out DateTime value) => TryParseTimestampCore(s, out value);

    private static bool TryParseTimestampCore<T>(ReadOnlySpan<T> s, out DateTime value)
        where T : unmanaged, IBinaryInteger<T>
    {
        var dash = T.CreateTruncating('-');
        var colon = T.CreateTruncating(':');
        value = default;
        if (s.Length < 16 || s[4] != dash || s[7] != dash || (s[10] != T.CreateTruncating(' ') && s[10] != T.CreateTruncating('T')) || s[13] != colon) return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute)) return false;
        var i = 16;
        var second = 0;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == colon)
        {
            if (!Digits(s, 17, 2, out second)) return false;
            i = 19;
            if (i < s.Length && s[i] == T.CreateTruncating('.'))
            {
                i++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && IsDigit(s[i]))
                {
                    if (digits < 7)
                    {
                        scale /= 10;
                        fractionTicks += (int.CreateTruncating(s[i]) - '0') * scale;
                    }
                    digits++;
                    i++;
                }
                if (digits == 0) return false;
            }
        }
        long offsetTicks = 0;
        if (i < s.Length)
        {
            if (s[i] == T.CreateTruncating('Z') && i == s.Length - 1) { }
            else if ((s[i] == T.CreateTruncating('+') || s[i] == dash) && s.Length - i == 6 && s[i + 3] == colon && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om))
            {
                offsetTicks = (oh * 60L + om) * TimeSpan.TicksPerMinute * (s[i] == dash ? -1 : 1);
            }
            else return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year < 1 ? 1 : year, month) || hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks - offsetTicks);
        return true;
    }

    private static bool IsDigit<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => (uint)(int.CreateTruncating(c) - '0') <= 9;

    private static bool Digits<T>(ReadOnlySpan<T> s, int start, int count, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var c = int.CreateTruncating(s[i]);
            if ((uint)(c - '0') > 9) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>A value as a text field (as <see cref="ValueText"/>, timestamps ISO-8601 with a <c>T</c> when <paramref name="iso"/>).</summary>
    public static void Append(StringBuilder text, object? value, bool iso)
    {
        if (value is DateTime dt)
        {
            var start = text.Length;
            ValueText.AppendTimestamp(text, dt);
            if (iso)
            {
                text[start + 10] = 'T';
                if (dt.Kind == DateTimeKind.Utc) text.Append('Z');
            }
            else if (dt.Kind == DateTimeKind.Utc) text.Append('Z');
            return;
        }
        if (value is byte[] bytes)
        {
            text.Append(Convert.ToBase64String(bytes));
            return;
        }
        ValueText.Append(text, value);
    }
}
