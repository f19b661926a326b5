using System.Globalization;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>Parsing of option values the way Flink parses them (durations, memory sizes, booleans).</summary>
public static class OptionValues
{
    private static readonly (string[] Units, long Millis)[] DurationUnits =
    [
        (["d", "day", "days"], 86_400_000),
        (["h", "hour", "hours"], 3_600_000),
        (["min", "mins", "m", "minute", "minutes"], 60_000),
        (["s", "sec", "secs", "second", "seconds"], 1_000),
        (["ms", "milli", "millis", "millisecond", "milliseconds"], 1),
    ];

    private static readonly (string[] Units, long Bytes)[] MemoryUnits =
    [
        (["b", "bytes"], 1),
        (["k", "kb", "kibibytes"], 1L << 10),
        (["m", "mb", "mebibytes"], 1L << 20),
        (["g", "gb", "gibibytes"], 1L << 30),
        (["t", "tb", "tebibytes"], 1L << 40),
    ];

    /// <summary>True for a <c>${env:NAME}</c> or <c>${file:path}</c> reference, resolved only at run time.</summary>
    public static bool IsReference(string value) =>
        value.Contains("${env:", StringComparison.Ordinal) || value.Contains("${file:", StringComparison.Ordinal);

    /// <summary>Parses a duration: an integer, optional spaces, an optional unit (<c>ms</c> when absent).</summary>
    public static bool TryParseDuration(string text, out long milliseconds)
    {
        milliseconds = 0;
        if (!TrySplit(text, out var number, out var unit)) return false;
        if (unit.Length == 0)
        {
            milliseconds = number;
            return true;
        }
        // Sub-millisecond units are accepted as Flink does and rounded down to whole milliseconds.
        if (unit is "µs" or "us" or "micro" or "micros" or "microsecond" or "microseconds")
        {
            milliseconds = number / 1000;
            return true;
        }
        if (unit is "ns" or "nano" or "nanos" or "nanosecond" or "nanoseconds")
        {
            milliseconds = number / 1_000_000;
            return true;
        }
        foreach (var (units, millis) in DurationUnits)
        {
            if (Array.IndexOf(units, unit) >= 0)
            {
                milliseconds = checked(number * millis);
                return true;
            }
        }
        return false;
    }

    /// <summary>Parses a memory size: an integer, optional spaces, an optional unit (bytes when absent).</summary>
    public static bool TryParseMemorySize(string text, out long bytes)
    {
        bytes = 0;
        if (!TrySplit(text, out var number, out var unit)) return false;
        if (unit.Length == 0)
        {
            bytes = number;
            return true;
        }
        foreach (var (units, factor) in MemoryUnits)
        {
            if (Array.IndexOf(units, unit) >= 0)
            {
                bytes = checked(number * factor);
                return true;
            }
        }
        return false;
    }

    /// <summary>Parses <c>true</c>/<c>false</c> case-insensitively.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        if (string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        if (string.Equals(text.Trim(), "false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
        value = false;
        return false;
    }

    /// <summary>True when <paramref name="value"/> is a valid value of <paramref name="option"/>.</summary>
    public static bool IsValid(OptionDescriptor option, string value)
    {
        var text = value.Trim();
        return option.Kind switch
        {
            OptionKind.String => true,
            OptionKind.Int => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            OptionKind.Long => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            OptionKind.Double => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            OptionKind.Bool => TryParseBool(text, out _),
            OptionKind.Duration => TryParseDuration(text, out _),
            OptionKind.MemorySize => TryParseMemorySize(text, out _),
            OptionKind.Enum => option.Values.Any(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase)),
            OptionKind.Char => value.Length == 1 || (value.Length == 2 && value[0] == '\\'),
            _ => true,
        };
    }

    /// <summary>How a value of the kind is written, for messages: <c>a duration such as '10s'</c>.</summary>
    public static string Describe(OptionDescriptor option) => option.Kind switch
    {
        OptionKind.String => "a string",
        OptionKind.Int => "an integer",
        OptionKind.Long => "an integer",
        OptionKind.Double => "a number",
        OptionKind.Bool => "'true' or 'false'",
        OptionKind.Duration => "a duration such as '10s', '5 min' or '100ms'",
        OptionKind.MemorySize => "a memory size such as '64mb'",
        OptionKind.Enum => "one of " + string.Join(", ", option.Values.Select(v => $"'{v}'")),
        OptionKind.Char => "a single character",
        _ => "a value",
    };

    private static bool TrySplit(string text, out long number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        var trimmed = text.Trim().ToLowerInvariant();
        var i = 0;
        while (i < trimmed.Length && char.IsAsciiDigit(trimmed[i])) i++;
        if (i == 0) return false;
        if (!long.TryParse(trimmed.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out number)) return false;
        unit = trimmed[i..].Trim();
        return true;
    }
}
