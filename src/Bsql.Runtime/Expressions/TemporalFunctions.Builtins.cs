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
    public static long Extract(TemporalUnit unit, DateTime t) => unit switch
    {
        TemporalUnit.Millennium => (t.Year + 999) / 1000,
        TemporalUnit.Century => (t.Year + 99) / 100,
        TemporalUnit.Decade => t.Year / 10,
        TemporalUnit.Year => t.Year,
        TemporalUnit.IsoYear => ISOWeek.GetYear(t),
        TemporalUnit.Quarter => (t.Month + 2) / 3,
        TemporalUnit.Month => t.Month,
        TemporalUnit.Week => ISOWeek.GetWeekOfYear(t),
        TemporalUnit.Day => t.Day,
        TemporalUnit.DayOfYear => t.DayOfYear,
        TemporalUnit.DayOfWeek => (int)t.DayOfWeek + 1,
        TemporalUnit.IsoDayOfWeek => t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek,
        TemporalUnit.Hour => t.Hour,
        TemporalUnit.Minute => t.Minute,
        TemporalUnit.Second => t.Second,
        TemporalUnit.Millisecond => t.Second * 1000L + t.Millisecond,
        TemporalUnit.Microsecond => t.Second * 1_000_000L + t.Ticks % TimeSpan.TicksPerSecond / 10,
        TemporalUnit.Nanosecond => t.Second * 1_000_000_000L + t.Ticks % TimeSpan.TicksPerSecond * 100,
        _ => ToEpochSeconds(t),
    };

    /// <summary><c>EXTRACT(unit FROM date)</c>.</summary>
    public static long Extract(TemporalUnit unit, DateOnly d) => Extract(unit, DateToTimestamp(d));

    /// <summary><c>EXTRACT(unit FROM time)</c>.</summary>
    public static long Extract(TemporalUnit unit, TimeOnly t) => unit switch
    {
        TemporalUnit.Hour or TemporalUnit.Minute or TemporalUnit.Second or TemporalUnit.Millisecond or TemporalUnit.Microsecond or TemporalUnit.Nanosecond
            => Extract(unit, TimeToTimestamp(t)),
        TemporalUnit.Epoch => t.Ticks / TimeSpan.TicksPerSecond,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit {unit.ToString().ToUpperInvariant()} does not apply to TIME"),
    };

    /// <summary><c>EXTRACT(unit FROM day-time interval)</c>.</summary>
    public static long Extract(TemporalUnit unit, long millis) => unit switch
    {
        TemporalUnit.Day => millis / 86_400_000,
        TemporalUnit.Hour => millis / 3_600_000 % 24,
        TemporalUnit.Minute => millis / 60_000 % 60,
        TemporalUnit.Second => millis / 1000 % 60,
        TemporalUnit.Millisecond => millis % 60_000,
        TemporalUnit.Epoch => millis / 1000,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit {unit.ToString().ToUpperInvariant()} does not apply to a day-time interval"),
    };

    /// <summary><c>EXTRACT(unit FROM year-month interval)</c>.</summary>
    public static long Extract(TemporalUnit unit, int months) => unit switch
    {
        TemporalUnit.Year => months / 12,
        TemporalUnit.Month => months % 12,
        TemporalUnit.Quarter => months % 12 / 3 + 1,
        _ => throw new ExpressionEvaluationException($"EXTRACT: unit {unit.ToString().ToUpperInvariant()} does not apply to a year-month interval"),
    };

    /// <summary><c>FLOOR(ts TO unit)</c> (weeks start on Sunday, as Calcite).</summary>
    public static DateTime FloorTo(DateTime t, TemporalUnit unit) => unit switch
    {
        TemporalUnit.Millennium => new DateTime((t.Year - 1) / 1000 * 1000 + 1, 1, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Century => new DateTime((t.Year - 1) / 100 * 100 + 1, 1, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Decade => new DateTime(Math.Max(t.Year / 10 * 10, 1), 1, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Year => new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Quarter => new DateTime(t.Year, (t.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Month => new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind),
        TemporalUnit.Week => t.Date.AddDays(-(int)t.DayOfWeek),
        TemporalUnit.Day => t.Date,
        TemporalUnit.Hour => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, t.Kind),
        TemporalUnit.Minute => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, t.Kind),
        TemporalUnit.Second => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Kind),
        TemporalUnit.Millisecond => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Kind),
        _ => throw new ExpressionEvaluationException($"FLOOR: unsupported unit {unit.ToString().ToUpperInvariant()}"),
    };

    /// <summary><c>CEIL(ts TO unit)</c>.</summary>
    public static DateTime CeilTo(DateTime t, TemporalUnit unit)
    {
        var floor = FloorTo(t, unit);
        if (floor == t) return t;
        return unit switch
        {
            TemporalUnit.Millennium => floor.AddYears(1000),
            TemporalUnit.Century => floor.AddYears(100),
            TemporalUnit.Decade => floor.AddYears(10),
            TemporalUnit.Year => floor.AddYears(1),
            TemporalUnit.Quarter => floor.AddMonths(3),
            TemporalUnit.Month => floor.AddMonths(1),
            TemporalUnit.Week => floor.AddDays(7),
            TemporalUnit.Day => floor.AddDays(1),
            TemporalUnit.Hour => floor.AddHours(1),
            TemporalUnit.Minute => floor.AddMinutes(1),
            TemporalUnit.Second => floor.AddSeconds(1),
            _ => floor.AddTicks(TimeSpan.TicksPerMillisecond),
        };
    }

    /// <summary><c>FLOOR(date TO unit)</c>.</summary>
    public static DateOnly FloorTo(DateOnly d, TemporalUnit unit) => DateOnly.FromDateTime(FloorTo(DateToTimestamp(d), unit));

    /// <summary><c>CEIL(date TO unit)</c>.</summary>
    public static DateOnly CeilTo(DateOnly d, TemporalUnit unit) => DateOnly.FromDateTime(CeilTo(DateToTimestamp(d), unit));

    /// <summary><c>TIMESTAMPADD(unit, n, ts)</c>.</summary>
    public static DateTime TimestampAdd(TemporalUnit unit, long n, DateTime t) => unit switch
    {
        TemporalUnit.Year => t.AddMonths(checked((int)n * 12)),
        TemporalUnit.Quarter => t.AddMonths(checked((int)n * 3)),
        TemporalUnit.Month => t.AddMonths(checked((int)n)),
        TemporalUnit.Week => t.AddDays(n * 7),
        TemporalUnit.Day => t.AddDays(n),
        TemporalUnit.Hour => t.AddHours(n),
        TemporalUnit.Minute => t.AddMinutes(n),
        TemporalUnit.Second => t.AddSeconds(n),
        TemporalUnit.Millisecond => t.AddMilliseconds(n),
        TemporalUnit.Microsecond => t.AddTicks(n * 10),
        _ => throw new ExpressionEvaluationException($"TIMESTAMPADD: unsupported unit {unit.ToString().ToUpperInvariant()}"),
    };

    /// <summary>
    /// <c>TIMESTAMPDIFF(unit, a, b)</c>: whole units from a to b (negative when b is earlier). Month-based units
    /// count whole months such that adding them to a does not pass b, as Calcite.
    /// </summary>
    public static int TimestampDiff(TemporalUnit unit, DateTime a, DateTime b)
    {
        if (unit is TemporalUnit.Year or TemporalUnit.Quarter or TemporalUnit.Month)
        {
            var months = MonthsBetween(a, b);
            return unit switch { TemporalUnit.Year => months / 12, TemporalUnit.Quarter => months / 3, _ => months };
        }
        var unitTicks = unit switch
        {
            TemporalUnit.Week => TimeSpan.TicksPerDay * 7,
            TemporalUnit.Day => TimeSpan.TicksPerDay,
            TemporalUnit.Hour => TimeSpan.TicksPerHour,
            TemporalUnit.Minute => TimeSpan.TicksPerMinute,
            TemporalUnit.Second => TimeSpan.TicksPerSecond,
            TemporalUnit.Millisecond => TimeSpan.TicksPerMillisecond,
            TemporalUnit.Microsecond => 10,
            _ => throw new ExpressionEvaluationException($"TIMESTAMPDIFF: unsupported unit {unit.ToString().ToUpperInvariant()}"),
        };
        return unchecked((int)((b.Ticks - a.Ticks) / unitTicks));
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
