using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;

namespace Bsql.Runtime.Tests;

/// <summary>Small builders for bound expressions and evaluation in tests.</summary>
internal static class ExpressionBuilders
{
    public static readonly SqlType Bool = SqlType.Boolean;
    public static readonly SqlType Int = SqlType.Int;
    public static readonly SqlType Big = SqlType.BigInt;
    public static readonly SqlType Dbl = SqlType.Double;
    public static readonly SqlType Str = SqlType.String;
    public static readonly SqlType Date = SqlType.Date;
    public static readonly SqlType Ts = SqlType.Timestamp(3);
    public static readonly SqlType Ltz = SqlType.TimestampLtz(3);
    public static readonly SqlType Tod = SqlType.Of(SqlTypeKind.Time);
    public static readonly SqlType DayTime = SqlType.Of(SqlTypeKind.IntervalDayTime);
    public static readonly SqlType YearMonth = SqlType.Of(SqlTypeKind.IntervalYearMonth);

    public static SqlType Dec(int p, int s) => SqlType.Decimal(p, s);

    public static InputRef Col(int index, SqlType type) => new(index, type);

    public static Literal Lit(object? value, SqlType type) => new(value, type);

    public static Literal L(long v) => new(v, Big);

    public static Literal I(int v) => new(v, Int);

    public static Literal D(double v) => new(v, Dbl);

    public static Literal S(string? v) => new(v, Str);

    public static Literal B(bool? v) => new(v, Bool);

    public static Literal M(decimal v, int p, int s) => new(v, Dec(p, s));

    public static Literal Null(SqlType type) => new(null, type);

    public static Call F(string name, SqlType type, params BoundExpr[] args) => new(name, args.ToImmutableArray(), type);

    public static CastExpr Cast(BoundExpr operand, SqlType to, bool tryCast = false) => new(operand, to, tryCast);

    public static ExpressionContext Utc { get; } = new() { Clock = new ExpressionTestClock(new DateTimeOffset(2024, 1, 31, 12, 0, 0, 123, TimeSpan.Zero)) };

    public static object? Eval(BoundExpr e, params object?[] row) => ExpressionCompiler.Compile(e, Utc)(row);

    public static object? Eval(ExpressionContext context, BoundExpr e, params object?[] row) => ExpressionCompiler.Compile(e, context)(row);

    public static DateTime T(string s) => DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Unspecified);
}

/// <summary>A clock stuck at one instant.</summary>
internal sealed class ExpressionTestClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
