using System.Globalization;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Lookup;

/// <summary>Reads a duration option the way Flink writes them: <c>5ms</c>, <c>10 s</c>, <c>10min</c>, <c>1h</c>, <c>2d</c> (a bare number is milliseconds).</summary>
public static class DurationOption
{
    /// <summary>Parses <paramref name="text"/>, or returns false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.')) end++;
        if (end == 0 || !double.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
        var unit = span[end..].Trim().ToString().ToLowerInvariant();
        double? millis = unit switch
        {
            "" or "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => amount,
            "us" or "micro" or "micros" or "microsecond" or "microseconds" => amount / 1000,
            "s" or "sec" or "secs" or "second" or "seconds" => amount * 1000,
            "m" or "min" or "mins" or "minute" or "minutes" => amount * 60_000,
            "h" or "hour" or "hours" => amount * 3_600_000,
            "d" or "day" or "days" => amount * 86_400_000,
            _ => null,
        };
        if (millis is not { } ms) return false;
        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>Parses option <paramref name="key"/>'s <paramref name="text"/> or throws a BSQL4001 <see cref="BsqlRuntimeException"/>.</summary>
    public static TimeSpan Parse(string key, string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option '{key}' expects a duration such as '5ms', '10s' or '10min', found '{text}'");
}
