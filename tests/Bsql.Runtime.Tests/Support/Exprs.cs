using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Tests.Support;

/// <summary>Short constructors of bound expressions for tests.</summary>
internal static class Exprs
{
    public static InputRef Col(int index, SqlType type) => new(index, type);

    public static Literal Lit(object? value, SqlType type) => new(value, type);

    public static Call Call(string function, SqlType type, params BoundExpr[] args) => new(function, [.. args], type);

    public static Call Gt(BoundExpr a, BoundExpr b) => Call(">", SqlType.Boolean, a, b);

    public static Literal Interval(long ms) => new(ms, SqlType.Of(SqlTypeKind.IntervalDayTime));

    public static DateTime Ts(long ms) => Time.EventTime.ToTimestamp(ms);
}
