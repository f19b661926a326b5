using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Spelling of <see cref="TimeUnit"/> values.</summary>
internal static class TimeUnits
{
    public static TimeUnit? FromName(ReadOnlySpan<char> name)
    {
        Span<char> upper = stackalloc char[16];
        if (name.Length > upper.Length)
        {
            return null;
        }

        var n = name.ToUpperInvariant(upper);
        return upper[..n] switch
        {
            "YEAR" => TimeUnit.Year,
            "QUARTER" => TimeUnit.Quarter,
            "MONTH" => TimeUnit.Month,
            "WEEK" => TimeUnit.Week,
            "DAY" => TimeUnit.Day,
            "HOUR" => TimeUnit.Hour,
            "MINUTE" => TimeUnit.Minute,
            "SECOND" => TimeUnit.Second,
            "MILLISECOND" => TimeUnit.Millisecond,
            "MICROSECOND" => TimeUnit.Microsecond,
            "DOW" => TimeUnit.DayOfWeek,
            "DOY" => TimeUnit.DayOfYear,
            "EPOCH" => TimeUnit.Epoch,
            _ => null,
        };
    }

    public static bool IsIntervalUnit(TimeUnit unit) =>
        unit is TimeUnit.Year or TimeUnit.Month or TimeUnit.Day or TimeUnit.Hour or TimeUnit.Minute or TimeUnit.Second;

    public static string Name(TimeUnit unit) => unit switch
    {
        TimeUnit.DayOfWeek => "DOW",
        TimeUnit.DayOfYear => "DOY",
        _ => unit.ToString().ToUpperInvariant(),
    };
}
