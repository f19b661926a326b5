namespace Bsql.Planner.Catalog.Connectors;

/// <summary>The value type of a connector or format option, as Flink parses it.</summary>
public enum OptionKind
{
    /// <summary>Any text.</summary>
    String,
    /// <summary>A 32-bit integer.</summary>
    Int,
    /// <summary>A 64-bit integer.</summary>
    Long,
    /// <summary>A floating-point number.</summary>
    Double,
    /// <summary><c>true</c> or <c>false</c> (case-insensitive).</summary>
    Bool,
    /// <summary>A duration as Flink's <c>TimeUtils.parseDuration</c> reads it: <c>10min</c>, <c>5 s</c>, <c>100ms</c>, <c>1h</c>; a bare number is milliseconds.</summary>
    Duration,
    /// <summary>A memory size as Flink's <c>MemorySize.parse</c> reads it: <c>64mb</c>, <c>1 gb</c>, <c>512k</c>; a bare number is bytes.</summary>
    MemorySize,
    /// <summary>One of a fixed set of values (matched case-insensitively).</summary>
    Enum,
    /// <summary>A single character (CSV delimiters).</summary>
    Char,
}
