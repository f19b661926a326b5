using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

/// <summary>The CLR representation of each SQL type family (see <see cref="SqlTypeKind"/>).</summary>
internal static class ClrTypes
{
    /// <summary>The non-nullable CLR type holding a value of <paramref name="type"/>.</summary>
    public static Type Of(SqlType type) => Of(type.Kind);

    /// <summary>The non-nullable CLR type holding a value of the family.</summary>
    public static Type Of(SqlTypeKind kind) => kind switch
    {
        SqlTypeKind.Boolean => typeof(bool),
        SqlTypeKind.TinyInt => typeof(sbyte),
        SqlTypeKind.SmallInt => typeof(short),
        SqlTypeKind.Int => typeof(int),
        SqlTypeKind.BigInt => typeof(long),
        SqlTypeKind.Float => typeof(float),
        SqlTypeKind.Double => typeof(double),
        SqlTypeKind.Decimal => typeof(decimal),
        SqlTypeKind.Char or SqlTypeKind.VarChar => typeof(string),
        SqlTypeKind.Bytes => typeof(byte[]),
        SqlTypeKind.Date => typeof(DateOnly),
        SqlTypeKind.Time => typeof(TimeOnly),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => typeof(DateTime),
        SqlTypeKind.IntervalDayTime => typeof(long),
        SqlTypeKind.IntervalYearMonth => typeof(int),
        SqlTypeKind.Array or SqlTypeKind.Row => typeof(object[]),
        SqlTypeKind.Map => typeof(Dictionary<object, object?>),
        _ => typeof(object),
    };

    /// <summary>The type that can also hold NULL: <c>T?</c> for a value type, the type itself otherwise.</summary>
    public static Type Nullable(Type clr) =>
        clr.IsValueType && System.Nullable.GetUnderlyingType(clr) is null ? typeof(Nullable<>).MakeGenericType(clr) : clr;

    /// <summary>The value type under <c>T?</c>, or the type itself.</summary>
    public static Type Underlying(Type clr) => System.Nullable.GetUnderlyingType(clr) ?? clr;

    /// <summary>True for the CLR numeric types SQL numbers use.</summary>
    public static bool IsNumeric(Type t) =>
        t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long)
        || t == typeof(float) || t == typeof(double) || t == typeof(decimal);

    /// <summary>True for the integral CLR types SQL integers use.</summary>
    public static bool IsIntegral(Type t) => t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long);

    /// <summary>Rank for numeric widening: int &lt; long &lt; decimal &lt; double.</summary>
    public static int NumericRank(Type t) =>
        t == typeof(sbyte) ? 1 : t == typeof(short) ? 2 : t == typeof(int) ? 3 : t == typeof(long) ? 4
        : t == typeof(decimal) ? 5 : t == typeof(float) ? 6 : t == typeof(double) ? 7 : 0;
}
