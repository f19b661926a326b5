namespace Bsql.Runtime.Expressions;

/// <summary>Parses unit names (<c>'HOUR'</c>, <c>'DOW'</c>, <c>'SQL_TSI_DAY'</c>...) into <see cref="TemporalUnit"/>.</summary>
internal static class TemporalUnits
{
    /// <summary>The unit named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TemporalUnit? TryParse(string name)
    {
        var n = name.Trim().ToUpperInvariant();
        if (n.StartsWith("SQL_TSI_", StringComparison.Ordinal)) n = n[8..];
        return n switch
        {
            "MILLENNIUM" => TemporalUnit.Millennium,
            "CENTURY" => TemporalUnit.Century,
            "DECADE" => TemporalUnit.Decade,
            "YEAR" => TemporalUnit.Year,
            "ISOYEAR" => TemporalUnit.IsoYear,
            "QUARTER" => TemporalUnit.Quarter,
            "MONTH" => TemporalUnit.Month,
            "WEEK" => TemporalUnit.Week,
            "DAY" or "DAYOFMONTH" => TemporalUnit.Day,
            "DOY" or "DAYOFYEAR" => TemporalUnit.DayOfYear,
            "DOW" or "DAYOFWEEK" => TemporalUnit.DayOfWeek,
            "ISODOW" => TemporalUnit.IsoDayOfWeek,
            "HOUR" => TemporalUnit.Hour,
            "MINUTE" => TemporalUnit.Minute,
            "SECOND" => TemporalUnit.Second,
            "MILLISECOND" => TemporalUnit.Millisecond,
            "MICROSECOND" => TemporalUnit.Microsecond,
            "NANOSECOND" => TemporalUnit.Nanosecond,
            "EPOCH" => TemporalUnit.Epoch,
            _ => null,
        };
    }

    /// <summary>The unit named <paramref name="name"/>; an unknown name is an evaluation error.</summary>
    public static TemporalUnit Parse(string name) =>
        TryParse(name) ?? throw new ExpressionEvaluationException($"unsupported time unit '{name}'");
}
