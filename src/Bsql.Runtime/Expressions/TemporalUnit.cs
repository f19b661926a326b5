namespace Bsql.Runtime.Expressions;

/// <summary>A unit of EXTRACT, FLOOR/CEIL TO, TIMESTAMPADD and TIMESTAMPDIFF, resolved once when the unit is a constant.</summary>
internal enum TemporalUnit
{
    /// <summary>MILLENNIUM.</summary>
    Millennium,
    /// <summary>CENTURY.</summary>
    Century,
    /// <summary>DECADE.</summary>
    Decade,
    /// <summary>YEAR.</summary>
    Year,
    /// <summary>ISOYEAR.</summary>
    IsoYear,
    /// <summary>QUARTER.</summary>
    Quarter,
    /// <summary>MONTH.</summary>
    Month,
    /// <summary>WEEK (ISO week number for EXTRACT; weeks start on Sunday for FLOOR).</summary>
    Week,
    /// <summary>DAY / DAYOFMONTH.</summary>
    Day,
    /// <summary>DOY / DAYOFYEAR.</summary>
    DayOfYear,
    /// <summary>DOW / DAYOFWEEK (1 = Sunday).</summary>
    DayOfWeek,
    /// <summary>ISODOW (1 = Monday).</summary>
    IsoDayOfWeek,
    /// <summary>HOUR.</summary>
    Hour,
    /// <summary>MINUTE.</summary>
    Minute,
    /// <summary>SECOND.</summary>
    Second,
    /// <summary>MILLISECOND.</summary>
    Millisecond,
    /// <summary>MICROSECOND.</summary>
    Microsecond,
    /// <summary>NANOSECOND.</summary>
    Nanosecond,
    /// <summary>EPOCH (seconds since 1970-01-01).</summary>
    Epoch,
}
