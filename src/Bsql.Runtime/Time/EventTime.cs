namespace Bsql.Runtime.Time;

/// <summary>
/// Event time inside the runtime is <c>long</c> epoch milliseconds; a TIMESTAMP is read as if it were
/// UTC (as Flink reads TIMESTAMP rowtime attributes), a TIMESTAMP_LTZ is an instant.
/// </summary>
public static class EventTime
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Epoch milliseconds of <paramref name="value"/> (floored).</summary>
    public static long ToMillis(DateTime value)
    {
        var ticks = value.Ticks - EpochTicks;
        var ms = ticks / TimeSpan.TicksPerMillisecond;
        return ticks < 0 && ticks % TimeSpan.TicksPerMillisecond != 0 ? ms - 1 : ms;
    }

    /// <summary>Epoch milliseconds of a rowtime value (a <see cref="DateTime"/>, or a <see cref="long"/> already in ms).</summary>
    public static long ToMillis(object value) => value switch
    {
        DateTime dt => ToMillis(dt),
        long l => l,
        DateTimeOffset dto => dto.ToUnixTimeMilliseconds(),
        _ => throw new InvalidCastException($"not a timestamp: {value.GetType().Name}"),
    };

    /// <summary>A TIMESTAMP (kind Unspecified) at <paramref name="millis"/>.</summary>
    public static DateTime ToTimestamp(long millis) => new(EpochTicks + millis * TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified);

    /// <summary>A TIMESTAMP_LTZ (kind Utc) at <paramref name="millis"/>.</summary>
    public static DateTime ToTimestampLtz(long millis) => new(EpochTicks + millis * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
