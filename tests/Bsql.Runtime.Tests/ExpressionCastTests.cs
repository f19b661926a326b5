using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class ExpressionCastTests
{
    private static readonly SqlType TinyInt = SqlType.Of(SqlTypeKind.TinyInt);
    private static readonly SqlType SmallInt = SqlType.Of(SqlTypeKind.SmallInt);
    private static readonly SqlType Float = SqlType.Of(SqlTypeKind.Float);
    private static readonly SqlType Ts0 = SqlType.Timestamp(0);
    private static readonly SqlType Ts6 = SqlType.Timestamp(6);

    public static TheoryData<string, BoundExpr, object?> Cases() => new()
    {
        { "string to int", Cast(S(" 42 "), Int), 42 },
        { "string to int truncates fraction", Cast(S("42.9"), Int), 42 },
        { "string to bigint negative", Cast(S("-9000000000"), Big), -9000000000L },
        { "string to double", Cast(S("1.5e3"), Dbl), 1500.0 },
        { "string to decimal rounds half up", Cast(S("1.235"), Dec(10, 2)), 1.24m },
        { "string to decimal negative half", Cast(S("-1.235"), Dec(10, 2)), -1.24m },
        { "string to boolean", Cast(S("TRUE"), Bool), true },
        { "string to boolean yes", Cast(S("y"), Bool), true },
        { "string to boolean 0", Cast(S("0"), Bool), false },
        { "string to date", Cast(S("2024-01-31"), Date), new DateOnly(2024, 1, 31) },
        { "string to time", Cast(S("12:34:56.789"), Tod), new TimeOnly(12, 34, 56) },
        { "string to timestamp", Cast(S("2024-01-31 12:00:00.123"), Ts), T("2024-01-31 12:00:00.123") },
        { "string to timestamp iso", Cast(S("2024-01-31T12:00:00"), Ts), T("2024-01-31 12:00:00") },
        { "string to timestamp date only", Cast(S("2024-01-31"), Ts), T("2024-01-31 00:00:00") },
        { "string to timestamp(0) truncates", Cast(S("2024-01-31 12:00:00.999"), Ts0), T("2024-01-31 12:00:00") },
        { "null to int", Cast(S(null), Int), null },
        { "bigint to int wraps", Cast(L(4294967297L), Int), 1 },
        { "int to tinyint wraps", Cast(I(300), TinyInt), (sbyte)44 },
        { "int to smallint", Cast(I(-2), SmallInt), (short)-2 },
        { "double to int truncates", Cast(D(-2.9), Int), -2 },
        { "double to bigint saturates", Cast(D(1e30), Big), long.MaxValue },
        { "nan to int", Cast(D(double.NaN), Int), 0 },
        { "double to decimal", Cast(D(0.1), Dec(10, 3)), 0.100m },
        { "decimal overflow is null", Cast(M(12345m, 10, 0), Dec(4, 1)), null },
        { "decimal to int truncates", Cast(M(-7.9m, 5, 1), Int), -7 },
        { "int to double", Cast(I(3), Dbl), 3.0 },
        { "double to float", Cast(D(1.5), Float), 1.5f },
        { "bool to int", Cast(B(true), Int), 1 },
        { "int to bool", Cast(I(0), Bool), false },
        { "bigint to string", Cast(L(-12), Str), "-12" },
        { "double to string", Cast(D(1.0), Str), "1.0" },
        { "double to string small", Cast(D(0.0001), Str), "1.0E-4" },
        { "double to string large", Cast(D(12345678.9), Str), "1.23456789E7" },
        { "double to string plain", Cast(D(123.456), Str), "123.456" },
        { "double to string nan", Cast(D(double.NaN), Str), "NaN" },
        { "decimal to string keeps scale", Cast(M(1.5m, 10, 2), Str), "1.50" },
        { "boolean to string", Cast(B(false), Str), "FALSE" },
        { "date to string", Cast(Lit(new DateOnly(2024, 2, 9), Date), Str), "2024-02-09" },
        { "timestamp(3) to string", Cast(Lit(T("2024-01-31 12:00:00"), Ts), Str), "2024-01-31 12:00:00.000" },
        { "timestamp(0) to string", Cast(Lit(T("2024-01-31 12:00:00"), Ts0), Str), "2024-01-31 12:00:00" },
        { "timestamp(6) to string", Cast(Lit(T("2024-01-31 12:00:00.123456"), Ts6), Str), "2024-01-31 12:00:00.123456" },
        { "time to string", Cast(Lit(new TimeOnly(1, 2, 3), SqlType.Of(SqlTypeKind.Time)), Str), "01:02:03" },
        { "interval to string", Cast(Lit(90_061_001L, DayTime), Str), "+1 01:01:01.001" },
        { "year-month interval to string", Cast(Lit(14, YearMonth), Str), "+1-02" },
        { "array to string", Cast(F("ARRAY", SqlType.Array(Big), L(1), L(2)), Str), "[1, 2]" },
        { "string to varchar(3)", Cast(S("abcdef"), SqlType.VarChar(3)), "abc" },
        { "string to char(4) pads", Cast(S("ab"), new SqlType { Kind = SqlTypeKind.Char, Precision = 4 }), "ab  " },
        { "timestamp to date", Cast(Lit(T("2024-01-31 23:59:59"), Ts), Date), new DateOnly(2024, 1, 31) },
        { "timestamp to time", Cast(Lit(T("2024-01-31 23:59:59"), Ts), Tod), new TimeOnly(23, 59, 59) },
        { "date to timestamp", Cast(Lit(new DateOnly(2024, 1, 31), Date), Ts), T("2024-01-31 00:00:00") },
        { "ltz to bigint seconds", Cast(Lit(new DateTime(1970, 1, 1, 0, 1, 0, DateTimeKind.Utc), Ltz), Big), 60L },
        { "bigint to ltz", Cast(L(60), Ltz), new DateTime(1970, 1, 1, 0, 1, 0, DateTimeKind.Utc) },
        { "string to bytes", Cast(S("hi"), SqlType.Bytes), "hi"u8.ToArray() },
        { "try_cast invalid int", Cast(S("abc"), Int, tryCast: true), null },
        { "try_cast valid int", Cast(S("12"), Int, tryCast: true), 12 },
        { "try_cast out of range", Cast(S("3000000000"), Int, tryCast: true), null },
        { "try_cast invalid date", Cast(S("2024-02-30"), Date, tryCast: true), null },
        { "try_cast invalid boolean", Cast(S("maybe"), Bool, tryCast: true), null },
        { "try_cast valid boolean", Cast(S(" no "), Bool, tryCast: true), false },
        { "try_cast tinyint out of range", Cast(S("200"), TinyInt, tryCast: true), null },
        { "try_cast smallint", Cast(S("-300"), SmallInt, tryCast: true), (short)-300 },
        { "try_cast fraction truncates", Cast(S("-.5"), Int, tryCast: true), 0 },
        { "try_cast bare dot", Cast(S("."), Int, tryCast: true), null },
        { "try_cast invalid double", Cast(S("1e"), Dbl, tryCast: true), null },
        { "try_cast float", Cast(S("2.5"), Float, tryCast: true), 2.5f },
        { "try_cast decimal", Cast(S("3.14159"), Dec(5, 2), tryCast: true), 3.14m },
        { "try_cast decimal overflow", Cast(S("31415.9"), Dec(5, 2), tryCast: true), null },
        { "try_cast invalid decimal", Cast(S("pi"), Dec(5, 2), tryCast: true), null },
        { "try_cast timestamp", Cast(S("2024-01-31 12:00:00.123456"), Ts, tryCast: true), T("2024-01-31 12:00:00.123") },
        { "try_cast invalid timestamp", Cast(S("2024-01-31 24:00:00"), Ts, tryCast: true), null },
        { "try_cast null", Cast(S(null), Int, tryCast: true), null },
        { "try_cast non-string invalid", Cast(D(double.NaN), Dec(5, 2), tryCast: true), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cast_FollowsFlink(string name, BoundExpr expr, object? expected)
    {
        var actual = Eval(expr);
        Assert.True(LiteralValues.AreEqual(expected, actual) && (expected is null || expected.GetType() == actual!.GetType()),
            $"{name}: expected {expected ?? "NULL"} ({expected?.GetType().Name}), got {actual ?? "NULL"} ({actual?.GetType().Name})");
    }

    [Theory]
    [InlineData("abc", "INT")]
    [InlineData("3000000000", "INT")]
    [InlineData("1.2.3", "DOUBLE")]
    [InlineData("2024-13-01", "DATE")]
    [InlineData("2024-01-01 25:00:00", "TIMESTAMP")]
    [InlineData("maybe", "BOOLEAN")]
    public void Cast_OfAnInvalidString_IsAClearError(string value, string typeName)
    {
        var type = typeName switch { "INT" => Int, "DOUBLE" => Dbl, "DATE" => Date, "TIMESTAMP" => Ts, _ => Bool };
        var ex = Assert.Throws<ExpressionEvaluationException>(() => Eval(Cast(Col(0, Str), type), value));
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimestampAndLtz_ConvertThroughTheSessionZone()
    {
        var berlin = new ExpressionContext { SessionTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
        var utc = new DateTime(2024, 7, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(T("2024-07-01 12:00:00"), Eval(berlin, Cast(Lit(utc, Ltz), Ts)));
        Assert.Equal(utc, Eval(berlin, Cast(Lit(T("2024-07-01 12:00:00"), Ts), Ltz)));
        Assert.Equal("2024-07-01 12:00:00.000", Eval(berlin, Cast(Lit(utc, Ltz), Str)));
        Assert.Equal(utc, Eval(berlin, Cast(S("2024-07-01 12:00:00"), Ltz)));
        // 02:30 does not exist on 2024-03-31 in Berlin: java.time moves it forward by the gap.
        Assert.Equal(new DateTime(2024, 3, 31, 1, 30, 0, DateTimeKind.Utc), Eval(berlin, Cast(Lit(T("2024-03-31 02:30:00"), Ts), Ltz)));
    }

    public static TheoryData<SqlType, object> RoundTrips() => new()
    {
        { Int, 0 }, { Int, int.MinValue }, { Int, int.MaxValue }, { Big, long.MinValue }, { Big, 1234567890123L },
        { Dbl, 0.1 }, { Dbl, -1.5e-7 }, { Dbl, 1e21 }, { Dbl, 123456.789 }, { Dbl, double.MaxValue }, { Dbl, double.Epsilon },
        { Dec(10, 2), 12345678.90m }, { Dec(5, 5), -0.00001m }, { Bool, true }, { Bool, false },
        { Date, new DateOnly(1, 1, 1) }, { Date, new DateOnly(2024, 2, 29) },
        { Ts, T("2024-01-31 12:00:00.123") }, { SqlType.Timestamp(6), T("1999-12-31 23:59:59.999999") },
        { SqlType.Of(SqlTypeKind.Time), new TimeOnly(23, 59, 59) },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void CastToStringAndBack_IsTheIdentity(SqlType type, object value)
    {
        var back = Eval(Cast(Cast(Col(0, type), Str), type), value);
        Assert.Equal(value, back);
    }

    [Fact]
    public void RandomDoubles_RoundTripThroughString()
    {
        var rng = new Random(7);
        var f = ExpressionCompiler.Compile(Cast(Cast(Col(0, Dbl), Str), Dbl), Utc);
        for (var i = 0; i < 2000; i++)
        {
            var d = BitConverter.Int64BitsToDouble(rng.NextInt64());
            if (double.IsNaN(d)) continue;
            Assert.Equal(d, f([d]));
        }
    }

    [Fact]
    public void CompositeCasts_ConvertElementWise()
    {
        var arr = F("ARRAY", SqlType.Array(Int), I(1), I(2));
        Assert.Equal(new object?[] { "1", "2" }, (object?[])Eval(Cast(arr, SqlType.Array(Str)))!);
        var row = F("ROW", SqlType.Row([new RowField("a", Int), new RowField("b", Str)]), I(1), S("2"));
        var cast = Cast(row, SqlType.Row([new RowField("a", Big), new RowField("b", Int)]));
        Assert.Equal(new object?[] { 1L, 2 }, (object?[])Eval(cast)!);
    }
}
