using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// <c>SET 'table.local-time-zone'</c> reaches the expressions: TIMESTAMP_LTZ values read, print and format
/// as wall-clock time in the session zone, LOCALTIMESTAMP is the session zone's wall clock while
/// CURRENT_TIMESTAMP stays an instant, as in Flink.
/// </summary>
public sealed class SessionTimeZoneTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-tz-" + Guid.NewGuid().ToString("N"));

    public SessionTimeZoneTests()
    {
        Directory.CreateDirectory(_dir);
        // 0 = 1970-01-01 00:00:00 UTC; 1704067200000 = 2024-01-01 00:00:00 UTC; 1719792000000 = 2024-07-01 00:00:00 UTC.
        File.WriteAllLines(Path.Combine(_dir, "e.jsonl"), ["""{"e": 0}""", """{"e": 1704067200000}""", """{"e": 1719792000000}"""]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<List<string>> RunAsync(string? zone, string select)
    {
        var set = zone is null ? "" : $"SET 'table.local-time-zone' = '{zone}';\n";
        var sql = set + $"""
            CREATE TABLE src (e BIGINT) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "e.jsonl")}', 'format' = 'json');
            CREATE TABLE out_t (a STRING, b STRING, c STRING) WITH ('connector' = 'print');
            INSERT INTO out_t SELECT {select} FROM src;
            """;
        var compiled = BsqlCompiler.Compile(sql, "tz.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        var clock = new FixedClock(new DateTimeOffset(2024, 3, 10, 23, 30, 0, TimeSpan.Zero));
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output, Time = clock }, CancellationToken.None);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[(line.IndexOf('>') + 1)..].Trim())
            .Order(StringComparer.Ordinal).ToList();
    }

    private const string LtzColumns =
        "CAST(TO_TIMESTAMP_LTZ(e, 3) AS STRING), DATE_FORMAT(TO_TIMESTAMP_LTZ(e, 3), 'yyyy-MM-dd HH:mm'), CAST(CAST(TO_TIMESTAMP_LTZ(e, 3) AS TIMESTAMP(3)) AS STRING)";

    [Fact]
    public async Task TimestampLtz_ReadsAsUtcWallClock_WhenNoZoneIsSet()
    {
        Assert.Equal(
            [
                "+I[1970-01-01 00:00:00.000, 1970-01-01 00:00, 1970-01-01 00:00:00.000]",
                "+I[2024-01-01 00:00:00.000, 2024-01-01 00:00, 2024-01-01 00:00:00.000]",
                "+I[2024-07-01 00:00:00.000, 2024-07-01 00:00, 2024-07-01 00:00:00.000]",
            ],
            await RunAsync(null, LtzColumns));
    }

    [Fact]
    public async Task TimestampLtz_ReadsAsSessionZoneWallClock_WithDaylightSaving()
    {
        // Shanghai is UTC+8 all year; Los Angeles is UTC-8 in January and UTC-7 (daylight saving) in July.
        Assert.Equal(
            [
                "+I[1970-01-01 08:00:00.000, 1970-01-01 08:00, 1970-01-01 08:00:00.000]",
                "+I[2024-01-01 08:00:00.000, 2024-01-01 08:00, 2024-01-01 08:00:00.000]",
                "+I[2024-07-01 08:00:00.000, 2024-07-01 08:00, 2024-07-01 08:00:00.000]",
            ],
            await RunAsync("Asia/Shanghai", LtzColumns));
        Assert.Equal(
            [
                "+I[1969-12-31 16:00:00.000, 1969-12-31 16:00, 1969-12-31 16:00:00.000]",
                "+I[2023-12-31 16:00:00.000, 2023-12-31 16:00, 2023-12-31 16:00:00.000]",
                "+I[2024-06-30 17:00:00.000, 2024-06-30 17:00, 2024-06-30 17:00:00.000]",
            ],
            await RunAsync("America/Los_Angeles", LtzColumns));
    }

    [Fact]
    public async Task FixedOffsetZone_ShiftsWallClock()
    {
        var rows = await RunAsync("GMT+05:30", LtzColumns);
        Assert.Equal("+I[1970-01-01 05:30:00.000, 1970-01-01 05:30, 1970-01-01 05:30:00.000]", rows[0]);
    }

    [Fact]
    public async Task LocalTimestamp_IsSessionWallClock_AndCurrentTimestampTheSameInstant()
    {
        // The job clock says 2024-03-10 23:30 UTC: 07:30 the next day in Shanghai.
        const string select = "DATE_FORMAT(LOCALTIMESTAMP, 'yyyy-MM-dd HH:mm'), DATE_FORMAT(CURRENT_TIMESTAMP, 'yyyy-MM-dd HH:mm'), "
            + "CAST(UNIX_TIMESTAMP() AS STRING)";
        var utc = await RunAsync(null, select);
        var shanghai = await RunAsync("Asia/Shanghai", select);
        Assert.Equal("+I[2024-03-10 23:30, 2024-03-10 23:30, 1710113400]", utc[0]);
        Assert.Equal("+I[2024-03-11 07:30, 2024-03-11 07:30, 1710113400]", shanghai[0]);
    }

    [Fact]
    public async Task ToTimestampLtz_IsAnInstant_WhileFromUnixtimeFormatsInTheZone()
    {
        const string select = "CAST(UNIX_TIMESTAMP(DATE_FORMAT(TO_TIMESTAMP_LTZ(e, 3), 'yyyy-MM-dd HH:mm:ss')) AS STRING), FROM_UNIXTIME(e / 1000), CAST(e AS STRING)";
        var rows = await RunAsync("Asia/Shanghai", select);
        // The LTZ value formats as Shanghai wall clock, which UNIX_TIMESTAMP reads back in the same zone: the epoch round-trips.
        Assert.Equal("+I[0, 1970-01-01 08:00:00, 0]", rows[0]);
    }

    [Theory]
    [InlineData("Asia/Shanghai", 8 * 60)]
    [InlineData("UTC", 0)]
    [InlineData("GMT+08:00", 8 * 60)]
    [InlineData("UTC-05:30", -(5 * 60 + 30))]
    [InlineData("+02", 2 * 60)]
    public void Resolve_KnowsRegionIdsAndOffsets(string id, int offsetMinutes)
    {
        var zone = SessionTimeZone.Resolve(id);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), zone.GetUtcOffset(new DateTime(2024, 1, 15, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Resolve_UnknownZone_IsBadOptionValue()
    {
        var e = Assert.Throws<BsqlRuntimeException>(() => SessionTimeZone.Resolve("Mars/Olympus"));
        Assert.Equal(RuntimeErrors.BadOptionValue, e.Code);
        Assert.Contains("Mars/Olympus", e.Message, StringComparison.Ordinal);
    }
}
