using System.Globalization;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Validates INTERVAL literals and converts day-time intervals to milliseconds.</summary>
internal static class IntervalMath
{
    public readonly record struct IntervalError(string Message, string? Help, bool IsValueError);

    private static readonly TimeUnit[] DayTimeFields = [TimeUnit.Day, TimeUnit.Hour, TimeUnit.Minute, TimeUnit.Second];

    private static readonly long[] FieldMillis = [86_400_000, 3_600_000, 60_000, 1000];

    public static IntervalError? Validate(IntervalLiteral literal)
    {
        if (literal.To is { } to && !IsValidRange(literal.From, to))
        {
            return new IntervalError($"invalid interval range {TimeUnits.Name(literal.From)} TO {TimeUnits.Name(to)}",
                "valid ranges are YEAR TO MONTH, DAY TO HOUR|MINUTE|SECOND, HOUR TO MINUTE|SECOND and MINUTE TO SECOND", false);
        }

        if (literal.From is TimeUnit.Year or TimeUnit.Month)
        {
            var ok = literal.To is null ? IsUnsignedInteger(literal.Value.AsSpan().Trim()) : IsYearToMonth(literal.Value.AsSpan().Trim());
            return ok ? null : new IntervalError($"invalid interval value '{literal.Value}' for {Describe(literal)}",
                literal.To is null ? "write a whole number, e.g. INTERVAL '3' MONTH" : "write years-months, e.g. INTERVAL '1-6' YEAR TO MONTH", true);
        }

        return TryGetMilliseconds(literal, out _) ? null : new IntervalError($"invalid interval value '{literal.Value}' for {Describe(literal)}",
            ExampleFor(literal), true);
    }

    /// <summary>The length of a day-time interval (DAY, HOUR, MINUTE, SECOND and their ranges).</summary>
    public static bool TryGetMilliseconds(IntervalLiteral literal, out long milliseconds)
    {
        milliseconds = 0;
        var first = Array.IndexOf(DayTimeFields, literal.From);
        var last = literal.To is { } to ? Array.IndexOf(DayTimeFields, to) : first;
        if (first < 0 || last < first)
        {
            return false;
        }

        var text = literal.Value.AsSpan().Trim();
        var negative = false;
        if (text.Length > 0 && text[0] == '-')
        {
            negative = true;
            text = text[1..];
        }

        decimal total = 0;
        for (var field = first; field <= last; field++)
        {
            var separator = field == last ? -1 : (field == 0 ? ' ' : ':');
            ReadOnlySpan<char> part;
            if (separator < 0)
            {
                part = text;
                text = default;
            }
            else
            {
                var at = text.IndexOf((char)separator);
                if (at < 0)
                {
                    return false;
                }

                part = text[..at];
                text = text[(at + 1)..];
            }

            var isSecond = DayTimeFields[field] == TimeUnit.Second;
            if (isSecond ? !IsUnsignedDecimal(part) : !IsUnsignedInteger(part))
            {
                return false;
            }

            if (!decimal.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            if (field > first && ((DayTimeFields[field] == TimeUnit.Hour && amount >= 24) || (DayTimeFields[field] != TimeUnit.Hour && amount >= 60)))
            {
                return false;
            }

            total += amount * FieldMillis[field];
            if (total > long.MaxValue / 2)
            {
                return false;
            }
        }

        milliseconds = (long)decimal.Round(total);
        if (negative ^ literal.Negative)
        {
            milliseconds = -milliseconds;
        }

        return true;
    }

    private static bool IsValidRange(TimeUnit from, TimeUnit to) => (from, to) switch
    {
        (TimeUnit.Year, TimeUnit.Month) => true,
        (TimeUnit.Day, TimeUnit.Hour or TimeUnit.Minute or TimeUnit.Second) => true,
        (TimeUnit.Hour, TimeUnit.Minute or TimeUnit.Second) => true,
        (TimeUnit.Minute, TimeUnit.Second) => true,
        _ => false,
    };

    private static bool IsUnsignedInteger(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[0] == '-')
        {
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnsignedDecimal(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        return dot < 0 ? IsUnsignedInteger(text) : IsUnsignedInteger(text[..dot]) && (dot == text.Length - 1 || IsUnsignedInteger(text[(dot + 1)..]));
    }

    private static bool IsYearToMonth(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[0] == '-')
        {
            text = text[1..];
        }

        var dash = text.IndexOf('-');
        return dash > 0 && IsUnsignedInteger(text[..dash]) && IsUnsignedInteger(text[(dash + 1)..]);
    }

    private static string Describe(IntervalLiteral literal) =>
        literal.To is { } to ? $"{TimeUnits.Name(literal.From)} TO {TimeUnits.Name(to)}" : TimeUnits.Name(literal.From);

    private static string ExampleFor(IntervalLiteral literal) => (literal.From, literal.To) switch
    {
        (TimeUnit.Day, TimeUnit.Hour) => "write days hours, e.g. INTERVAL '1 12' DAY TO HOUR",
        (TimeUnit.Day, TimeUnit.Minute) => "write days hours:minutes, e.g. INTERVAL '1 12:30' DAY TO MINUTE",
        (TimeUnit.Day, TimeUnit.Second) => "write days hours:minutes:seconds, e.g. INTERVAL '1 12:30:00' DAY TO SECOND",
        (TimeUnit.Hour, TimeUnit.Minute) => "write hours:minutes, e.g. INTERVAL '1:30' HOUR TO MINUTE",
        (TimeUnit.Hour, TimeUnit.Second) => "write hours:minutes:seconds, e.g. INTERVAL '1:30:00' HOUR TO SECOND",
        (TimeUnit.Minute, TimeUnit.Second) => "write minutes:seconds, e.g. INTERVAL '1:30' MINUTE TO SECOND",
        (TimeUnit.Second, null) => "write a number, e.g. INTERVAL '10' SECOND or INTERVAL '0.5' SECOND",
        _ => $"write a whole number, e.g. INTERVAL '10' {TimeUnits.Name(literal.From)}",
    };
}
