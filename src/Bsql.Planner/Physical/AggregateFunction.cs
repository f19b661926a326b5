namespace Bsql.Planner.Physical;

/// <summary>The built-in aggregate functions.</summary>
public enum AggregateFunction
{
    /// <summary><c>COUNT(*)</c>: counts rows.</summary>
    CountStar,
    /// <summary><c>COUNT(x)</c>: counts non-NULL values.</summary>
    Count,
    /// <summary><c>SUM(x)</c>: NULL over no non-NULL value.</summary>
    Sum,
    /// <summary><c>SUM0(x)</c>: like SUM, but 0 over no non-NULL value (the global phase of a split COUNT).</summary>
    Sum0,
    /// <summary><c>AVG(x)</c>.</summary>
    Avg,
    /// <summary><c>MIN(x)</c>.</summary>
    Min,
    /// <summary><c>MAX(x)</c>.</summary>
    Max,
    /// <summary><c>FIRST_VALUE(x)</c>.</summary>
    FirstValue,
    /// <summary><c>LAST_VALUE(x)</c>.</summary>
    LastValue,
    /// <summary><c>LISTAGG(x [, separator])</c>: separator defaults to <c>,</c>.</summary>
    ListAgg,
    /// <summary><c>APPROX_COUNT_DISTINCT(x)</c>: a HyperLogLog estimate.</summary>
    ApproxCountDistinct,
}
