using System.Globalization;

namespace Bsql.Runtime.Expressions;

internal static partial class TemporalFunctions
{
    private const string DefaultPattern = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The processing time of the row: the job clock's instant (UTC), at millisecond precision.</summary>
    public static DateTime Now(ExpressionContext context)
    {
        var ticks = context.Clock.GetUtcNow().UtcTicks;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    /// <summary><c>DATE_FORMAT(ts, pattern)</c>.</summary>
    public static string DateFormat(DateTime t, string pattern) => JavaDateFormat.Get(pattern).Format(t);

    /// <summary><c>DATE_FORMAT(date, pattern)</c>.</summary>
    public static string DateFormat(DateOnly d, string pattern) => JavaDateFormat.Get(pattern).Format(DateToTimestamp(d));

    /// <summary><c>DATE_FORMAT(time, pattern)</c> (the date part is 1970-01-01).</summary>
    public static string DateFormat(TimeOnly t, string pattern) => JavaDateFormat.Get(pattern).Format(TimeToTimestamp(t));

    /// <summary><c>DATE_FORMAT(string, pattern)</c>: the string is read as a SQL timestamp; NULL when it is not one.</summary>
    public static string? DateFormat(string s, string pattern) =>
        CastFunctions.TryParseTimestamp(s, out var t) ? JavaDateFormat.Get(pattern).Format(t) : null;

    /// <summary><c>TO_TIMESTAMP(s)</c>: a SQL timestamp string; NULL when it does not parse.</summary>
    public static DateTime? ToTimestamp(string s) => CastFunctions.TryParseTimestamp(s, out var t) ? Truncate(t, 3) : null;

    /// <summary><c>TO_TIMESTAMP(s, pattern)</c>; NULL when it does not parse.</summary>
    public static DateTime? ToTimestamp(string s, string pattern) => JavaDateFormat.Get(pattern).TryParse(s, out var t) ? Truncate(t, 3) : null;

    /// <summary><c>TO_TIMESTAMP_LTZ(epochMillis)</c>.</summary>
    public static DateTime ToTimestampLtz(long epoch) => ToTimestampLtz(epoch, 3);

    /// <summary><c>TO_TIMESTAMP_LTZ(epoch, precision)</c>: precision 0 reads seconds, 3 milliseconds.</summary>
    public static DateTime ToTimestampLtz(long epoch, long precision) => precision switch
    {
        0 => FromEpochMillis(checked(epoch * 1000), DateTimeKind.Utc),
        3 => FromEpochMillis(epoch, DateTimeKind.Utc),
        _ => throw new ExpressionEvaluationException($"TO_TIMESTAMP_LTZ: precision must be 0 or 3, found {precision}"),
    };

    /// <summary><c>TO_TIMESTAMP_LTZ(epochMillis)</c> with a fractional epoch.</summary>
    public static DateTime ToTimestampLtz(double epoch) => ToTimestampLtz(epoch, 3);

    /// <summary><c>TO_TIMESTAMP_LTZ(epoch, precision)</c> with a fractional epoch.</summary>
    public static DateTime ToTimestampLtz(double epoch, long precision) => precision switch
    {
        0 => Truncate(FromEpochSeconds(epoch, DateTimeKind.Utc), 3),
        3 => Truncate(FromEpochSeconds(epoch / 1000, DateTimeKind.Utc), 3),
        _ => throw new ExpressionEvaluationException($"TO_TIMESTAMP_LTZ: precision must be 0 or 3, found {precision}"),
    };

    /// <summary><c>TO_DATE(s)</c>: <c>yyyy-MM-dd</c>; NULL when it does not parse.</summary>
    public static DateOnly? ToDate(string s) => CastFunctions.TryParseTimestamp(s, out var t) ? DateOnly.FromDateTime(t) : null;

    /// <summary><c>TO_DATE(s, pattern)</c>; NULL when it does not parse.</summary>
    public static DateOnly? ToDate(string s, string pattern) => JavaDateFormat.Get(pattern).TryParse(s, out var t) ? DateOnly.FromDateTime(t) : null;

    /// <summary><c>UNIX_TIMESTAMP()</c>: the current epoch seconds.</summary>
    public static long UnixTimestamp(ExpressionContext context) => context.Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// <c>UNIX_TIMESTAMP(s)</c>: <c>yyyy-MM-dd HH:mm:ss</c> in the session zone → epoch seconds; a string that does
    /// not parse gives <see cref="long.MinValue"/>, as Flink documents.
    /// </summary>
    public static long UnixTimestamp(ExpressionContext context, string s) => UnixTimestamp(context, s, DefaultPattern);

    /// <summary><c>UNIX_TIMESTAMP(s, pattern)</c>.</summary>
    public static long UnixTimestamp(ExpressionContext context, string s, string pattern)
    {
        if (!JavaDateFormat.Get(pattern).TryParse(s, out var local)) return long.MinValue;
        return ToEpochSeconds(LocalToUtc(local, context.SessionTimeZone));
    }

    /// <summary><c>FROM_UNIXTIME(seconds)</c>: <c>yyyy-MM-dd HH:mm:ss</c> in the session zone.</summary>
    public static string FromUnixtime(ExpressionContext context, long seconds) => FromUnixtime(context, seconds, DefaultPattern);

    /// <summary><c>FROM_UNIXTIME(seconds, pattern)</c>.</summary>
    public static string FromUnixtime(ExpressionContext context, long seconds, string pattern) =>
        JavaDateFormat.Get(pattern).Format(UtcToLocal(FromEpochMillis(checked(seconds * 1000), DateTimeKind.Utc), context.SessionTimeZone));

    /// <summary><c>EXTRACT(unit FROM ts)</c>.</summary>
    public static long Extract(string unit, DateTime t) => unit.ToUpperInvariant() switch
    {
        "MILLENNIUM" => (t.Year + 999) / 1000,
        "CENTURY" => (t.Year + 99) / 100,
        "DECADE" => t.Year / 10,
        "YEAR" => t.Year,
        "ISOYEAR" => ISOWeek.GetYear(t),
        "QUARTER" => (t.Month + 2) / 3,
        "MONTH" => t.Month,
        "WEEK" => ISOWeek.GetWeekOfYear(t),
        "DAY" or "DAYOFMONTH" => t.Day,
        "DOY" or "DAYOFYEAR" => t.DayOfYear,
        "DOW" or "DAYOFWEEK" => (int)t.DayOfWeek + 1,
        "ISODOW" => t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek,
        "HOUR" => t.Hour,
        "MINUTE" => t.Minute,
        "SECOND" => t.Second,
        "MILLISECOND" => t.Second * 1000L + t.Millisecond,
        "MICROSECOND" => t.Second * 1_000_000L + t.Ticks % TimeSpan.TicksPerSecond / 10,
        "NANOSECOND" => t.Second * 1_000_000_000L + t.Ticks % TimeSpan.TicksPerSecond * 100,
        "EPOCH" => ToEpochSeconds(t),
        _ => throw new ExpressionEvaluationException($"EXTRACT: unsupported unit '{unit}'"),
    };

    /// <summary><c>EXTRACT(unit FROM date)</c>.</summary>
    public static long Extract(string unit, DateOnly d) => Extract(unit, DateToTimestamp(d));

    /// <summary><c>EXTRACT(unit FROM time)</c>.</summary>
    public static long Extract(string unit, TimeOnly t) => unit.ToUpperInvariant() switch
    {
        "HOUR" or "MINUTE" or "SECOND" or "MILLISECOND" or "MICROSECOND" or "NANOSECOND" => Extract(unit, new DateTime(1970, 1, 1).Add(t.ToTimeSpan())),
        "EPOCH" => t.Ticks / TimeSpan.TicksPerSecond,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit '{unit}' does not apply to TIME"),
    };

    /// <summary><c>EXTRACT(unit FROM day-time interval)</c>.</summary>
    public static long Extract(string unit, long millis) => unit.ToUpperInvariant() switch
    {
        "DAY" => millis / 86_400_000,
        "HOUR" => millis / 3_600_000 % 24,
        "MINUTE" => millis / 60_000 % 60,
        "SECOND" => millis / 1000 % 60,
        "MILLISECOND" => millis % 60_000,
        "EPOCH" => millis / 1000,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit '{unit}' does not apply to a day-time interval"),
    };

    /// <summary><c>EXTRACT(unit FROM year-month interval)</c>.</summary>
    public static long Extract(string unit, int months) => unit.ToUpperInvariant() switch
    {
        "YEAR" => months / 12,
        "MONTH" => months % 12,
        "QUARTER" => months % 12 / 3 + 1,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit '{unit}' does not apply to a year-month interval"),
    };

    /// <summary><c>FLOOR(ts TO unit)</c> (weeks start on Sunday, as Calcite).</summary>
    public static DateTime FloorTo(DateTime t, string unit)
    {
        var date = t.Date;
        return unit.ToUpperInvariant() switch
        {
            "MILLENNIUM" => new DateTime((t.Year - 1) / 1000 * 1000 + 1, 1, 1, 0, 0, 0, t.Kind),
            "CENTURY" => new DateTime((t.Year - 1) / 100 * 100 + 1, 1, 1, 0, 0, 0, t.Kind),
            "DECADE" => new DateTime(Math.Max(t.Year / 10 * 10, 1), 1, 1, 0, 0, 0, t.Kind),
            "YEAR" => new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind),
            "QUARTER" => new DateTime(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, t.Kind),
            "MONTH" => new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind),
            "WEEK" => date.AddDays(-(int)t.DayOfWeek),
            "DAY" => date,
            "HOUR" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, t.Kind),
            "MINUTE" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, t.Kind),
            "SECOND" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Kind),
            "MILLISECOND" => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Kind),
            _ => throw new ExpressionEvaluationException($"FLOOR: unsupported unit '{unit}'"),
        };
    }

    /// <summary><c>CEIL(ts TO unit)</c>.</summary>
    public static DateTime CeilTo(DateTime t, string unit)
    {
        var floor = FloorTo(t, unit);
        if (floor == t) return t;
        return unit.ToUpperInvariant() switch
        {
            "MILLENNIUM" => floor.AddYears(1000),
            "CENTURY" => floor.AddYears(100),
            "DECADE" => floor.AddYears(10),
            "YEAR" => floor.AddYears(1),
            "QUARTER" => floor.AddMonths(3),
            "MONTH" => floor.AddMonths(1),
            "WEEK" => floor.AddDays(7),
            "DAY" => floor.AddDays(1),
            "HOUR" => floor.AddHours(1),
            "MINUTE" => floor.AddMinutes(1),
            "SECOND" => floor.AddSeconds(1),
            _ => floor.AddTicks(TimeSpan.TicksPerMillisecond),
        };
    }

    /// <summary><c>FLOOR(date TO unit)</c>.</summary>
    public static DateOnly FloorTo(DateOnly d, string unit) => DateOnly.FromDateTime(FloorTo(DateToTimestamp(d), unit));

    /// <summary><c>CEIL(date TO unit)</c>.</summary>
    public static DateOnly CeilTo(DateOnly d, string unit) => DateOnly.FromDateTime(CeilTo(DateToTimestamp(d), unit));

    /// <summary><c>TIMESTAMPADD(unit, n, ts)</c>.</summary>
    public static DateTime TimestampAdd(string unit, long n, DateTime t) => unit.ToUpperInvariant() switch
    {
        "YEAR" => t.AddMonths(checked((int)n * 12)),
        "QUARTER" => t.AddMonths(checked((int)n * 3)),
        "MONTH" => t.AddMonths(checked((int)n)),
        "WEEK" => t.AddDays(n * 7),
        "DAY" => t.AddDays(n),
        "HOUR" => t.AddHours(n),
        "MINUTE" => t.AddMinutes(n),
        "SECOND" => t.AddSeconds(n),
        "MILLISECOND" => t.AddMilliseconds(n),
        "MICROSECOND" => t.AddTicks(n * 10),
        _ => throw new ExpressionEvaluationException($"TIMESTAMPADD: unsupported unit '{unit}'"),
    };

    /// <summary>
    /// <c>TIMESTAMPDIFF(unit, a, b)</c>: whole units from a to b (negative when b is earlier). Month-based units
    /// count whole months such that adding them to a does not pass b, as Calcite.
    /// </summary>
    public static int TimestampDiff(string unit, DateTime a, DateTime b)
    {
        var u = unit.ToUpperInvariant();
        if (u is "YEAR" or "QUARTER" or "MONTH")
        {
            var months = MonthsBetween(a, b);
            return u switch { "YEAR" => months / 12, "QUARTER" => months / 3, _ => months };
        }
        var ticks = b.Ticks - a.Ticks;
        var unitTicks = u switch
        {
            "WEEK" => TimeSpan.TicksPerDay * 7,
            "DAY" => TimeSpan.TicksPerDay,
            "HOUR" => TimeSpan.TicksPerHour,
            "MINUTE" => TimeSpan.TicksPerMinute,
            "SECOND" => TimeSpan.TicksPerSecond,
            "MILLISECOND" => TimeSpan.TicksPerMillisecond,
            "MICROSECOND" => 10,
            _ => throw new ExpressionEvaluationException($"TIMESTAMPDIFF: unsupported unit '{unit}'"),
        };
        return unchecked((int)(ticks / unitTicks));
    }

    private static int MonthsBetween(DateTime a, DateTime b)
    {
        if (b < a) return -MonthsBetween(b, a);
        var months = (b.Year - a.Year) * 12 + b.Month - a.Month;
        if (months > 0 && a.AddMonths(months) > b) months--;
        return months;
    }

    /// <summary><c>DATEDIFF(end, start)</c>: days from start to end.</summary>
    public static int DateDiff(DateOnly end, DateOnly start) => end.DayNumber - start.DayNumber;
}
