using System.Globalization;

namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// Reads typed values out of a connector's string options, collecting a
/// <see cref="GeneratorOptionError"/> for each malformed value instead of throwing.
/// </summary>
internal sealed class OptionReader(IReadOnlyDictionary<string, string> options, string invalidCode, ICollection<GeneratorOptionError> errors)
{
    public IReadOnlyDictionary<string, string> Options { get; } = options;

    public ICollection<GeneratorOptionError> Errors { get; } = errors;

    public bool Has(string key) => Options.ContainsKey(key);

    public string? GetString(string key) => Options.TryGetValue(key, out var v) ? v : null;

    public void Error(string key, string message) => Errors.Add(new GeneratorOptionError(invalidCode, key, message));

    public long GetLong(string key, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!Options.TryGetValue(key, out var text)) return fallback;
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"'{key}' must be an integer, found '{text}'");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error(key, $"'{key}' must be between {min} and {max}, found {value}");
            return fallback;
        }
        return value;
    }

    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        (int)GetLong(key, fallback, min, max);

    public double GetDouble(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!Options.TryGetValue(key, out var text)) return fallback;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            Error(key, $"'{key}' must be a number, found '{text}'");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error(key, $"'{key}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {text}");
            return fallback;
        }
        return value;
    }

    public bool GetBool(string key, bool fallback)
    {
        if (!Options.TryGetValue(key, out var text)) return fallback;
        if (bool.TryParse(text.Trim(), out var value)) return value;
        Error(key, $"'{key}' must be 'true' or 'false', found '{text}'");
        return fallback;
    }

    /// <summary>A byte size as Flink's MemorySize writes it: <c>200</c>, <c>200b</c>, <c>1kb</c>, <c>2 mb</c>.</summary>
    public int GetByteSize(string key, int fallback)
    {
        if (!Options.TryGetValue(key, out var text)) return fallback;
        var t = text.Trim().ToLowerInvariant();
        var digits = 0;
        while (digits < t.Length && char.IsAsciiDigit(t[digits])) digits++;
        var unit = t[digits..].Trim();
        long factor = unit switch
        {
            "" or "b" or "bytes" => 1,
            "k" or "kb" or "kibibytes" => 1024,
            "m" or "mb" or "mebibytes" => 1024 * 1024,
            _ => -1,
        };
        if (digits == 0 || factor < 0 || !long.TryParse(t.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n * factor > int.MaxValue || n * factor < 1)
        {
            Error(key, $"'{key}' must be a positive byte size such as '200b' or '1kb', found '{text}'");
            return fallback;
        }
        return (int)(n * factor);
    }

    /// <summary>
    /// A duration in milliseconds: a plain number of milliseconds, or a number with a unit
    /// (<c>ms s min m h d</c>, Flink's Duration forms such as <c>10 s</c>, <c>1h</c>).
    /// </summary>
    public long GetDurationMs(string key, long fallback)
    {
        if (!Options.TryGetValue(key, out var text)) return fallback;
        if (TryParseDurationMs(text, out var ms) && ms >= 0) return ms;
        Error(key, $"'{key}' must be a duration such as '10s', '5 min' or '1h', found '{text}'");
        return fallback;
    }

    internal static bool TryParseDurationMs(string text, out long ms)
    {
        ms = 0;
        var t = text.Trim().ToLowerInvariant();
        var digits = 0;
        while (digits < t.Length && char.IsAsciiDigit(t[digits])) digits++;
        if (digits == 0 || !long.TryParse(t.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        long factor = t[digits..].Trim() switch
        {
            "" or "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => 1,
            "s" or "sec" or "secs" or "second" or "seconds" => 1000,
            "m" or "min" or "mins" or "minute" or "minutes" => 60_000,
            "h" or "hour" or "hours" => 3_600_000,
            "d" or "day" or "days" => 86_400_000,
            _ => -1,
        };
        if (factor < 0 || n > long.MaxValue / factor) return false;
        ms = n * factor;
        return true;
    }
}
