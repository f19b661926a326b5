using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class FunctionTemporalTests
{
    private static Literal Tsl(string s) => Lit(T(s), Ts);

    private static Literal Dl(int y, int m, int d) => Lit(new DateOnly(y, m, d), Date);

    private static readonly ExpressionContext Shanghai = new()
    {
        Clock = Utc.Clock,
        SessionTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
    };

    public static TheoryData<string, BoundExpr, object?> Cases() => new()
    {
        { "date_format", F("DATE_FORMAT", Str, Tsl("2024-01-31 12:34:56.789"), S("yyyy/MM/dd HH:mm:ss.SSS")), "2024/01/31 12:34:56.789" },
        { "date_format quoted", F("DATE_FORMAT", Str, Tsl("2024-01-31 08:05:00"), S("yyyyMMdd'T'HH")), "20240131T08" },
        { "date_format names", F("DATE_FORMAT", Str, Tsl("2024-01-31 15:00:00"), S("EEE, d MMM yyyy h a")), "Wed, 31 Jan 2024 3 PM" },
        { "date_format string", F("DATE_FORMAT", Str, S("2024-01-31 12:00:00"), S("yyyy-MM")), "2024-01" },
        { "date_format null", F("DATE_FORMAT", Str, Null(Ts), S("yyyy")), null },
        { "to_timestamp default", F("TO_TIMESTAMP", Ts, S("2024-01-31 12:00:00")), T("2024-01-31 12:00:00") },
        { "to_timestamp fraction", F("TO_TIMESTAMP", Ts, S("2024-01-31 12:00:00.123456")), T("2024-01-31 12:00:00.123") },
        { "to_timestamp pattern", F("TO_TIMESTAMP", Ts, S("31/01/2024 07:08"), S("dd/MM/yyyy HH:mm")), T("2024-01-31 07:08:00") },
        { "to_timestamp compact", F("TO_TIMESTAMP", Ts, S("20240131070809"), S("yyyyMMddHHmmss")), T("2024-01-31 07:08:09") },
        { "to_timestamp invalid", F("TO_TIMESTAMP", Ts, S("not a time")), null },
        { "to_timestamp_ltz millis", F("TO_TIMESTAMP_LTZ", Ltz, L(1706702400123), I(3)), new DateTime(2024, 1, 31, 12, 0, 0, 123, DateTimeKind.Utc) },
        { "to_timestamp_ltz seconds", F("TO_TIMESTAMP_LTZ", Ltz, L(1706702400), I(0)), new DateTime(2024, 1, 31, 12, 0, 0, DateTimeKind.Utc) },
        { "to_date", F("TO_DATE", Date, S("2024-02-29")), new DateOnly(2024, 2, 29) },
        { "to_date pattern", F("TO_DATE", Date, S("29.02.2024"), S("dd.MM.yyyy")), new DateOnly(2024, 2, 29) },
        { "unix_timestamp string", F("UNIX_TIMESTAMP", Big, S("2024-01-31 12:00:00")), 1706702400L },
        { "unix_timestamp pattern", F("UNIX_TIMESTAMP", Big, S("2024/01/31"), S("yyyy/MM/dd")), 1706659200L },
        { "unix_timestamp now", F("UNIX_TIMESTAMP", Big), 1706702400L },
        { "unix_timestamp unparsable is long min", F("UNIX_TIMESTAMP", Big, S("2025-04-30T19:20:17Z")), long.MinValue },
        { "unix_timestamp null", F("UNIX_TIMESTAMP", Big, S(null)), null },
        { "from_unixtime", F("FROM_UNIXTIME", Str, L(1706702400)), "2024-01-31 12:00:00" },
        { "from_unixtime pattern", F("FROM_UNIXTIME", Str, L(0), S("yyyy-MM-dd")), "1970-01-01" },
        { "extract year", F("EXTRACT", Big, S("YEAR"), Tsl("2024-03-15 10:20:30")), 2024L },
        { "extract quarter", F("EXTRACT", Big, S("QUARTER"), Tsl("2024-03-15 10:20:30")), 1L },
        { "extract dow", F("EXTRACT", Big, S("DOW"), Dl(2024, 3, 17)), 1L },
        { "extract doy", F("EXTRACT", Big, S("DOY"), Dl(2024, 3, 1)), 61L },
        { "extract epoch", F("EXTRACT", Big, S("EPOCH"), Tsl("1970-01-02 00:00:00")), 86400L },
        { "extract millisecond", F("EXTRACT", Big, S("MILLISECOND"), Tsl("2024-01-01 00:00:05.250")), 5250L },
        { "extract day from interval", F("EXTRACT", Big, S("DAY"), Lit(3 * 86_400_000L + 5, DayTime)), 3L },
        { "extract null", F("EXTRACT", Big, S("YEAR"), Null(Ts)), null },
        { "year", F("YEAR", Big, Dl(2024, 3, 15)), 2024L },
        { "quarter", F("QUARTER", Big, Dl(2024, 11, 15)), 4L },
        { "month", F("MONTH", Big, Tsl("2024-03-15 00:00:00")), 3L },
        { "week", F("WEEK", Big, Dl(2024, 1, 1)), 1L },
        { "week iso", F("WEEK", Big, Dl(2021, 1, 3)), 53L },
        { "dayofyear", F("DAYOFYEAR", Big, Dl(2024, 12, 31)), 366L },
        { "dayofmonth", F("DAYOFMONTH", Big, Dl(2024, 12, 31)), 31L },
        { "dayofweek saturday", F("DAYOFWEEK", Big, Dl(2024, 3, 16)), 7L },
        { "hour", F("HOUR", Big, Tsl("2024-03-15 13:14:15")), 13L },
        { "minute", F("MINUTE", Big, Tsl("2024-03-15 13:14:15")), 14L },
        { "second", F("SECOND", Big, Tsl("2024-03-15 13:14:15")), 15L },
        { "floor hour", F("FLOOR", Ts, Tsl("2024-03-15 13:14:15.5"), S("HOUR")), T("2024-03-15 13:00:00") },
        { "floor month", F("FLOOR", Ts, Tsl("2024-03-15 13:14:15"), S("MONTH")), T("2024-03-01 00:00:00") },
        { "floor week sunday", F("FLOOR", Ts, Tsl("2024-03-15 13:14:15"), S("WEEK")), T("2024-03-10 00:00:00") },
        { "ceil day", F("CEIL", Ts, Tsl("2024-03-15 13:14:15"), S("DAY")), T("2024-03-16 00:00:00") },
        { "ceil exact", F("CEIL", Ts, Tsl("2024-03-15 00:00:00"), S("DAY")), T("2024-03-15 00:00:00") },
        { "ceil quarter", F("CEIL", Ts, Tsl("2024-03-15 00:00:00"), S("QUARTER")), T("2024-04-01 00:00:00") },
        { "floor date", F("FLOOR", Date, Dl(2024, 3, 15), S("YEAR")), new DateOnly(2024, 1, 1) },
        { "timestampadd day", F("TIMESTAMPADD", Ts, S("DAY"), I(2), Tsl("2024-02-28 10:00:00")), T("2024-03-01 10:00:00") },
        { "timestampadd month clamps", F("TIMESTAMPADD", Ts, S("MONTH"), I(1), Tsl("2024-01-31 10:00:00")), T("2024-02-29 10:00:00") },
        { "timestampadd hour negative", F("TIMESTAMPADD", Ts, S("HOUR"), I(-3), Tsl("2024-01-01 01:00:00")), T("2023-12-31 22:00:00") },
        { "timestampadd date", F("TIMESTAMPADD", Date, S("WEEK"), I(1), Dl(2024, 1, 1)), new DateOnly(2024, 1, 8) },
        { "timestampdiff day", F("TIMESTAMPDIFF", Int, S("DAY"), Tsl("2024-01-01 00:00:00"), Tsl("2024-01-03 23:59:59")), 2 },
        { "timestampdiff negative", F("TIMESTAMPDIFF", Int, S("HOUR"), Tsl("2024-01-01 05:00:00"), Tsl("2024-01-01 02:30:00")), -2 },
        { "timestampdiff month end clamps", F("TIMESTAMPDIFF", Int, S("MONTH"), Tsl("2024-01-31 00:00:00"), Tsl("2024-02-29 00:00:00")), 1 },
        { "timestampdiff month short", F("TIMESTAMPDIFF", Int, S("MONTH"), Tsl("2024-01-15 10:00:00"), Tsl("2024-02-15 09:00:00")), 0 },
        { "timestampdiff month whole", F("TIMESTAMPDIFF", Int, S("MONTH"), Tsl("2024-01-15 00:00:00"), Tsl("2024-03-15 00:00:00")), 2 },
        { "timestampdiff year", F("TIMESTAMPDIFF", Int, S("YEAR"), Dl(2020, 6, 1), Dl(2024, 5, 31)), 3 },
        { "datediff", F("DATEDIFF", Int, Dl(2024, 3, 1), Dl(2024, 2, 1)), 29 },
        { "datediff strings", F("DATEDIFF", Int, S("2024-01-01"), S("2024-01-11 10:00:00")), -10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TemporalFunction_ReturnsTheFlinkValue(string name, BoundExpr expr, object? expected)
    {
        var actual = Eval(expr);
        Assert.True(Equals(expected, actual), $"{name}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
    }

    [Fact]
    public void ProcessingTimeFunctions_ReadTheJobClock()
    {
        var instant = new DateTime(2024, 1, 31, 12, 0, 0, 123, DateTimeKind.Utc);
        Assert.Equal(instant, Eval(F("NOW", Ltz)));
        Assert.Equal(instant, Eval(F("CURRENT_TIMESTAMP", Ltz)));
        Assert.Equal(instant, Eval(F("PROCTIME", Ltz with { TimeAttribute = TimeAttribute.Proctime })));
        Assert.Equal(instant, Eval(F("CURRENT_ROW_TIMESTAMP", Ltz)));
        Assert.Equal(new DateOnly(2024, 1, 31), Eval(F("CURRENT_DATE", Date)));
        Assert.Equal(T("2024-01-31 20:00:00.123"), Eval(Shanghai, F("LOCALTIMESTAMP", Ts)));
        Assert.Equal(new TimeOnly(20, 0, 0), Eval(Shanghai, F("CURRENT_TIME", SqlType.Of(SqlTypeKind.Time))));
    }

    [Fact]
    public void SessionZone_AppliesToLtzAndUnixTime()
    {
        Assert.Equal("2024-01-31 20:00:00", Eval(Shanghai, F("FROM_UNIXTIME", Str, L(1706702400))));
        Assert.Equal(1706702400L, Eval(Shanghai, F("UNIX_TIMESTAMP", Big, S("2024-01-31 20:00:00"))));
        var ltz = Lit(new DateTime(2024, 1, 31, 18, 0, 0, DateTimeKind.Utc), Ltz);
        Assert.Equal(1L, Eval(Shanghai, F("DAYOFMONTH", Big, ltz)));
        Assert.Equal("2024-02-01", Eval(Shanghai, F("DATE_FORMAT", Str, ltz, S("yyyy-MM-dd"))));
        Assert.Equal(new DateTime(2024, 1, 31, 16, 0, 0, DateTimeKind.Utc), Eval(Shanghai, F("FLOOR", Ltz, ltz, S("DAY"))));
    }

    [Fact]
    public void Units_MayComeFromAColumn_AndAnUnknownUnitIsARuntimeError()
    {
        var extract = F("EXTRACT", Big, Col(0, Str), Lit(T("2024-03-15 13:14:15"), Ts));
        Assert.Equal(13L, Eval(extract, "hour"));
        Assert.Equal(3L, Eval(extract, "MONTH"));
        Assert.Equal(6L, Eval(extract, "dow"));
        var ex = Assert.Throws<ExpressionEvaluationException>(() => Eval(extract, "fortnight"));
        Assert.Contains("fortnight", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ExpressionEvaluationException>(() => Eval(F("TIMESTAMPADD", Ts, S("EON"), I(1), Lit(T("2024-01-01 00:00:00"), Ts))));
        Assert.Equal(T("2024-01-01 00:00:03"), Eval(F("TIMESTAMPADD", Ts, S("SQL_TSI_SECOND"), I(3), Lit(T("2024-01-01 00:00:00"), Ts))));
    }
}
