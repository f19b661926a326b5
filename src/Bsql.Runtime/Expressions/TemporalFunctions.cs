namespace Bsql.Runtime.Expressions;

/// <summary>Temporal arithmetic, zone conversion and the temporal built-in functions.</summary>
internal static partial class TemporalFunctions
{
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>TIMESTAMP ± day-time INTERVAL.</summary>
    public static DateTime AddMillis(DateTime t, long millis) => t.AddTicks(checked(millis * TimeSpan.TicksPerMillisecond));

    /// <summary>TIMESTAMP ± year-month INTERVAL (end of month clamps, as Java's plusMonths).</summary>
    public static DateTime AddMonths(DateTime t, int months) => t.AddMonths(months);

    /// <summary>DATE ± day-time INTERVAL (whole days).</summary>
    public static DateOnly AddMillis(DateOnly d, long millis) => d.AddDays((int)(millis / 86_400_000));

    /// <summary>DATE ± year-month INTERVAL.</summary>
    public static DateOnly AddMonths(DateOnly d, int months) => d.AddMonths(months);

    /// <summary>TIME ± day-time INTERVAL (wraps around midnight).</summary>
    public static TimeOnly AddMillis(TimeOnly t, long millis) => t.Add(TimeSpan.FromMilliseconds(millis % 86_400_000));

    /// <summary>TIME ± year-month INTERVAL (no change).</summary>
    public static TimeOnly AddMonths(TimeOnly t, int months) => t;

    /// <summary>Midnight of a DATE as a TIMESTAMP.</summary>
    public static DateTime DateToTimestamp(DateOnly d) => new(d.DayNumber * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);

    /// <summary>A TIME as a TIMESTAMP on 1970-01-01.</summary>
    public static DateTime TimeToTimestamp(TimeOnly t) => new(UnixEpoch.Ticks + t.Ticks, DateTimeKind.Unspecified);

    /// <summary>An instant (UTC) as the wall clock of <paramref name="zone"/> (kind Unspecified).</summary>
    public static DateTime UtcToLocal(DateTime utc, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc) return DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);
    }

    /// <summary>A wall clock of <paramref name="zone"/> as an instant (UTC); a time in a DST gap moves forward as in Java.</summary>
    public static DateTime LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone == TimeZoneInfo.Utc) return DateTime.SpecifyKind(unspecified, DateTimeKind.Utc);
        if (zone.IsInvalidTime(unspecified))
        {
            // In a gap: use the offset before the transition, which lands after the gap (java.time behaviour).
            var before = zone.GetUtcOffset(unspecified.AddHours(-3));
            return DateTime.SpecifyKind(unspecified - before, DateTimeKind.Utc);
        }
        // Ambiguous (overlap): java.time takes the earlier offset, i.e. the larger one.
        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
    }

    /// <summary>Epoch seconds (fractional allowed) as a timestamp of the given kind.</summary>
    public static DateTime FromEpochSeconds(double seconds, DateTimeKind kind) =>
        DateTime.SpecifyKind(UnixEpoch.AddTicks(checked((long)Math.Round(seconds * TimeSpan.TicksPerSecond))), kind);

    /// <summary>Epoch milliseconds as a timestamp of the given kind.</summary>
    public static DateTime FromEpochMillis(long millis, DateTimeKind kind) =>
        DateTime.SpecifyKind(UnixEpoch.AddTicks(checked(millis * TimeSpan.TicksPerMillisecond)), kind);

    /// <summary>Whole epoch seconds of a timestamp (a TIMESTAMP is read as UTC), rounding down.</summary>
    public static long ToEpochSeconds(DateTime t) => (long)Math.Floor((t.Ticks - UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond);

    /// <summary>Epoch milliseconds of a timestamp (a TIMESTAMP is read as UTC), rounding down.</summary>
    public static long ToEpochMillis(DateTime t) => Math.DivRem(t.Ticks - UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>Drops fractional seconds beyond <paramref name="precision"/> digits.</summary>
    public static DateTime Truncate(DateTime t, int precision)
    {
        if (precision >= 7) return t;
        var unit = TicksPerDigits(precision);
        return new DateTime(t.Ticks - t.Ticks % unit, t.Kind);
    }

    /// <summary>Drops fractional seconds beyond <paramref name="precision"/> digits.</summary>
    public static TimeOnly Truncate(TimeOnly t, int precision)
    {
        if (precision >= 7) return t;
        var unit = TicksPerDigits(precision);
        return new TimeOnly(t.Ticks - t.Ticks % unit);
    }

    private static long TicksPerDigits(int precision)
    {
        var unit = TimeSpan.TicksPerSecond;
        for (var i = 0; i < Math.Max(precision, 0); i++) unit /= 10;
        return unit;
    }
}
