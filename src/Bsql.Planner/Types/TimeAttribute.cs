namespace Bsql.Planner.Types;

/// <summary>Whether a timestamp column is a time attribute, as Flink marks them on the type.</summary>
public enum TimeAttribute
{
    /// <summary>An ordinary value.</summary>
    None,
    /// <summary>An event-time attribute: the column a <c>WATERMARK FOR</c> names.</summary>
    Rowtime,
    /// <summary>A processing-time attribute: a column defined <c>AS PROCTIME()</c>.</summary>
    Proctime,
}
