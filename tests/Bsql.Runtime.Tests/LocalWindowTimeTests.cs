using Bsql.Runtime.Execution;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Tests;

/// <summary>The conversion between instants and the session zone's wall clock that local windows use.</summary>
public sealed class LocalWindowTimeTests
{
    private static long Ms(int y, int mo, int d, int h, int mi) => new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void UtcAndTimestampAttributes_KeepEpochTime()
    {
        Assert.Null(LocalWindowTime.For(TimeZoneInfo.Utc, localTimeAttribute: true));
        Assert.Null(LocalWindowTime.For(SessionTimeZone.Resolve("GMT+00:00"), localTimeAttribute: true));
        Assert.Null(LocalWindowTime.For(SessionTimeZone.Resolve("Asia/Shanghai"), localTimeAttribute: false));
    }

    [Theory]
    [InlineData("Asia/Shanghai", 8 * 60)]
    [InlineData("GMT-05:30", -(5 * 60 + 30))]
    public void FixedOffsets_RoundTrip(string zone, int offsetMinutes)
    {
        var local = LocalWindowTime.For(SessionTimeZone.Resolve(zone), localTimeAttribute: true)!;
        var instant = Ms(2024, 1, 10, 15, 30);
        Assert.Equal(instant + offsetMinutes * 60_000L, local.ToLocal(instant));
        Assert.Equal(instant, local.ToUtc(local.ToLocal(instant)));
        Assert.Equal(long.MinValue, local.ToLocal(long.MinValue));
        Assert.Equal(long.MaxValue, local.ToUtc(long.MaxValue));
    }

    [Fact]
    public void DaylightSaving_UsesTheOffsetInForceAtEachInstant()
    {
        var la = LocalWindowTime.For(SessionTimeZone.Resolve("America/Los_Angeles"), localTimeAttribute: true)!;
        // 2024-03-10: clocks go from 02:00 PST (UTC-8) to 03:00 PDT (UTC-7) at 10:00 UTC.
        Assert.Equal(Ms(2024, 3, 10, 1, 59), la.ToLocal(Ms(2024, 3, 10, 9, 59)));
        Assert.Equal(Ms(2024, 3, 10, 3, 0), la.ToLocal(Ms(2024, 3, 10, 10, 0)));
        // Local midnights on either side map back to their instants: 08:00 UTC in winter, 07:00 UTC in summer.
        Assert.Equal(Ms(2024, 3, 10, 8, 0), la.ToUtc(Ms(2024, 3, 10, 0, 0)));
        Assert.Equal(Ms(2024, 3, 11, 7, 0), la.ToUtc(Ms(2024, 3, 11, 0, 0)));
        // The same instants asked again in a different order (the offset cache is per quarter hour).
        Assert.Equal(Ms(2024, 7, 1, 0, 0), la.ToLocal(Ms(2024, 7, 1, 7, 0)));
        Assert.Equal(Ms(2024, 3, 10, 1, 59), la.ToLocal(Ms(2024, 3, 10, 9, 59)));
    }
}
