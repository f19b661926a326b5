using System.Globalization;
using System.Text.RegularExpressions;

namespace Bsql.Runtime.Execution;

/// <summary>Resolves <c>table.local-time-zone</c> the way Flink reads it: a region id, <c>UTC</c>, or a fixed offset.</summary>
public static partial class SessionTimeZone
{
    /// <summary>
    /// The zone named by <paramref name="id"/>: null or empty is UTC; <c>UTC</c>, <c>GMT</c>, <c>Z</c>;
    /// <c>GMT+8</c>, <c>GMT+08:00</c>, <c>UTC-05:30</c>, <c>+08:00</c> (fixed offsets); otherwise an IANA id
    /// (<c>Asia/Shanghai</c>, <c>America/Los_Angeles</c>). An unknown id is BSQL4001.
    /// </summary>
    public static TimeZoneInfo Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        var trimmed = id.Trim();
        if (trimmed is "UTC" or "GMT" or "Z" or "Etc/UTC" or "UTC0" or "GMT0") return TimeZoneInfo.Utc;
        var offset = OffsetPattern().Match(trimmed);
        if (offset.Success)
        {
            var hours = int.Parse(offset.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minutes = offset.Groups["m"].Success ? int.Parse(offset.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            if (hours <= 18 && minutes < 60)
            {
                var span = new TimeSpan(hours, minutes, 0);
                if (offset.Groups["sign"].Value == "-") span = -span;
                if (span == TimeSpan.Zero) return TimeZoneInfo.Utc;
                return TimeZoneInfo.CreateCustomTimeZone(trimmed, span, trimmed, trimmed);
            }
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(trimmed);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"'table.local-time-zone' = '{id}' is not a known time zone: use a region id such as 'Asia/Shanghai', 'UTC', or an offset such as 'GMT+08:00'");
        }
    }

    [GeneratedRegex(@"^(?:GMT|UTC)?(?<sign>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$")]
    private static partial Regex OffsetPattern();
}
