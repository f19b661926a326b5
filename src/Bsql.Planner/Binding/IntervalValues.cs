using System.Globalization;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>Evaluates INTERVAL literals: day-time intervals to milliseconds, year-month intervals to months.</summary>
internal static class IntervalValues
{
    public static bool IsYearMonth(S.IntervalLiteral literal) => literal.From is S.TimeUnit.Year or S.TimeUnit.Month or S.TimeUnit.Quarter;

    /// <summary>The interval's value (milliseconds or months), or null when the text does not fit its units.</summary>
    public static long? Evaluate(S.IntervalLiteral literal)
    {
        var text = literal.Value.Trim();
        var negative = literal.Negative;
        if (text.StartsWith('-'))
        {
            negative = !negative;
            text = text[1..].Trim();
        }
        else if (text.StartsWith('+'))
        {
            text = text[1..].Trim();
        }
        var units = UnitsBetween(literal.From, literal.To ?? literal.From);
        if (units is null) return null;
        var separators = new[] { ' ', ':', '-' };
        var parts = text.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != units.Count) return null;
        decimal total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var isLastSecond = units[i] == S.TimeUnit.Second && i == parts.Length - 1;
            if (!decimal.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
            if (!isLastSecond && value != decimal.Truncate(value)) return null;
            total += value * Factor(units[i]);
        }
        var result = (long)decimal.Truncate(total);
        return negative ? -result : result;
    }

    private static decimal Factor(S.TimeUnit unit) => unit switch
    {
        S.TimeUnit.Year => 12,
        S.TimeUnit.Quarter => 3,
        S.TimeUnit.Month => 1,
        S.TimeUnit.Week => 7 * 86_400_000m,
        S.TimeUnit.Day => 86_400_000m,
        S.TimeUnit.Hour => 3_600_000m,
        S.TimeUnit.Minute => 60_000m,
        S.TimeUnit.Second => 1_000m,
        S.TimeUnit.Millisecond => 1m,
        S.TimeUnit.Microsecond => 0.001m,
        _ => 0m,
    };

    private static List<S.TimeUnit>? UnitsBetween(S.TimeUnit from, S.TimeUnit to)
    {
        S.TimeUnit[] yearMonth = [S.TimeUnit.Year, S.TimeUnit.Month];
        S.TimeUnit[] dayTime = [S.TimeUnit.Day, S.TimeUnit.Hour, S.TimeUnit.Minute, S.TimeUnit.Second];
        if (from == to) return [from];
        foreach (var chain in new[] { yearMonth, dayTime })
        {
            var a = Array.IndexOf(chain, from);
            var b = Array.IndexOf(chain, to);
            if (a >= 0 && b > a) return chain[a..(b + 1)].ToList();
        }
        return null;
    }
}
