namespace Bsql.Runtime.Time;

/// <summary>
/// Windows over a TIMESTAMP_LTZ time attribute (and over processing time) are aligned to the session time zone's
/// wall clock, as in Flink: with <c>table.local-time-zone</c> = 'Asia/Shanghai' a 1-day TUMBLE runs from local
/// midnight to local midnight, and its <c>window_start</c>/<c>window_end</c> are local TIMESTAMPs. A window operator
/// does its window arithmetic in local milliseconds (<see cref="ToLocal"/>: epoch milliseconds shifted by the zone's
/// offset at that instant) and converts a window end back to an instant (<see cref="ToUtc"/>) for processing-time
/// timers and <c>window_time</c>. Around a daylight-saving change the local clock repeats or skips an hour: a local
/// watermark that moves back fires nothing, and rows of the repeated hour that fall into windows already fired are late.
/// </summary>
public sealed class LocalWindowTime
{
    // Offsets change only at instants on a 15-minute grid in every zone in use: cache the offset of the last quarter hour.
    private const long QuarterHourMs = 15 * 60 * 1000;
    private readonly TimeZoneInfo _zone;
    private readonly long _fixedOffsetMs;
    private readonly bool _fixed;
    private long _cachedQuarter = long.MinValue;
    private long _cachedOffsetMs;

    private LocalWindowTime(TimeZoneInfo zone)
    {
        _zone = zone;
        _fixed = !zone.SupportsDaylightSavingTime && zone.GetAdjustmentRules().Length == 0;
        _fixedOffsetMs = (long)zone.BaseUtcOffset.TotalMilliseconds;
    }

    /// <summary>
    /// The local clock of <paramref name="zone"/> when windows over a time attribute of this kind align to it
    /// (<paramref name="localTimeAttribute"/>: TIMESTAMP_LTZ or processing time), or null when window time is epoch
    /// time (a TIMESTAMP attribute, or the zone is UTC).
    /// </summary>
    public static LocalWindowTime? For(TimeZoneInfo zone, bool localTimeAttribute) =>
        localTimeAttribute && zone != TimeZoneInfo.Utc && !(zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime)
            ? new LocalWindowTime(zone)
            : null;

    /// <summary>Local wall-clock milliseconds of the instant <paramref name="epochMs"/> (the extremes stay as they are).</summary>
    public long ToLocal(long epochMs)
    {
        if (epochMs is long.MinValue or long.MaxValue) return epochMs;
        return epochMs + OffsetAt(epochMs);
    }

    /// <summary>The instant at which the local wall clock shows <paramref name="localMs"/> (in a repeated hour, the later; in a skipped hour, shifted by the standard offset).</summary>
    public long ToUtc(long localMs)
    {
        if (localMs is long.MinValue or long.MaxValue) return localMs;
        if (_fixed) return localMs - _fixedOffsetMs;
        // First guess with the offset at the instant localMs would be in UTC, then correct once with the offset there.
        var guess = localMs - OffsetAt(localMs);
        return localMs - OffsetAt(guess);
    }

    private long OffsetAt(long epochMs)
    {
        if (_fixed) return _fixedOffsetMs;
        var quarter = epochMs >= 0 ? epochMs / QuarterHourMs : (epochMs - QuarterHourMs + 1) / QuarterHourMs;
        if (quarter != _cachedQuarter)
        {
            var instant = DateTime.UnixEpoch.AddTicks(Math.Clamp(quarter * QuarterHourMs, -62135596800000L + 86400000L, 253402300799000L - 86400000L) * TimeSpan.TicksPerMillisecond);
            _cachedOffsetMs = (long)_zone.GetUtcOffset(instant).TotalMilliseconds;
            _cachedQuarter = quarter;
        }
        return _cachedOffsetMs;
    }
}
