using Bsql.Planner.Types;

namespace Bsql.Runtime.Operators.Aggregates;

/// <summary>How SUM and AVG accumulate: integers as <c>long</c>, FLOAT/DOUBLE as <c>double</c>, DECIMAL as <c>decimal</c>.</summary>
internal enum NumericKind
{
    Integer,
    Floating,
    Decimal,
}

/// <summary>Conversions between accumulated numbers and the aggregate's result type.</summary>
internal static class Numeric
{
    public static NumericKind KindOf(SqlType type) => type.Kind switch
    {
        SqlTypeKind.Float or SqlTypeKind.Double => NumericKind.Floating,
        SqlTypeKind.Decimal => NumericKind.Decimal,
        _ => NumericKind.Integer,
    };

    public static long ToLong(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        _ => Convert.ToInt64(value, null),
    };

    public static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        _ => Convert.ToDouble(value, null),
    };

    public static decimal ToDecimal(object value) => value switch
    {
        decimal m => m,
        _ => Convert.ToDecimal(value, null),
    };

    /// <summary>A long as a value of <paramref name="type"/> (Java-style wrap-around on narrowing, as Flink).</summary>
    public static object FromLong(long value, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Int => unchecked((int)value),
        SqlTypeKind.SmallInt => unchecked((short)value),
        SqlTypeKind.TinyInt => unchecked((sbyte)value),
        SqlTypeKind.Double => (double)value,
        SqlTypeKind.Float => (float)value,
        SqlTypeKind.Decimal => (decimal)value,
        _ => value,
    };

    public static object FromDouble(double value, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Float => (float)value,
        SqlTypeKind.Decimal => (decimal)value,
        SqlTypeKind.BigInt => (long)value,
        SqlTypeKind.Int => (int)value,
        _ => value,
    };

    public static object FromDecimal(decimal value, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Decimal => decimal.Round(value, Math.Min(type.Scale, 28), MidpointRounding.AwayFromZero),
        SqlTypeKind.Double => (double)value,
        SqlTypeKind.BigInt => (long)value,
        _ => value,
    };
}
