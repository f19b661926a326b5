using System.Globalization;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Binding;

/// <summary>Implicit casts inserted by the binder; casts of literals are folded into the literal.</summary>
public static class Coercion
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>True when both types have the same representation (nullability and time markers aside).</summary>
    public static bool SameRepresentation(SqlType a, SqlType b)
    {
        a = a.WithNullable(true).WithoutTimeAttribute();
        b = b.WithNullable(true).WithoutTimeAttribute();
        if (a.Kind == SqlTypeKind.Row && b.Kind == SqlTypeKind.Row)
        {
            // ROW values are positional: field names do not change the representation.
            return a.Fields.Length == b.Fields.Length && a.Fields.Zip(b.Fields).All(p => SameRepresentation(p.First.Type, p.Second.Type));
        }
        // Every DECIMAL is a .NET decimal: widening (no fewer integer or fractional digits) changes nothing.
        if (a.Kind == SqlTypeKind.Decimal && b.Kind == SqlTypeKind.Decimal && b.Scale >= a.Scale && b.Precision - b.Scale >= a.Precision - a.Scale) return true;
        // Every string is a .NET string: widening to a longer VARCHAR / STRING changes nothing.
        if (a.IsString && b.Kind == SqlTypeKind.VarChar && b.Precision >= a.Precision) return true;
        return a.Equals(b);
    }

    /// <summary><paramref name="expr"/> converted to <paramref name="target"/> (nullability kept from the expression).</summary>
    public static BoundExpr To(BoundExpr expr, SqlType target)
    {
        target = target.WithoutTimeAttribute().WithNullable(expr.Type.Nullable || expr.Type.Kind == SqlTypeKind.Null);
        if (SameRepresentation(expr.Type, target)) return expr;
        if (expr is Literal literal && TryConvert(literal.Value, literal.Type, target, out var value))
        {
            return new Literal(value, literal.Value is null ? target.WithNullable(true) : target);
        }
        return new CastExpr(expr, target, false);
    }

    /// <summary>Converts a literal value between types; false when it does not fit.</summary>
    public static bool TryConvert(object? value, SqlType from, SqlType to, out object? result)
    {
        result = null;
        if (value is null) return true;
        try
        {
            if (from.IsNumeric && to.IsNumeric)
            {
                result = to.Kind switch
                {
                    SqlTypeKind.TinyInt => Convert.ToSByte(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.SmallInt => Convert.ToInt16(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.Int => Convert.ToInt32(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.BigInt => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.Float => Convert.ToSingle(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                    SqlTypeKind.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (from.Kind is SqlTypeKind.Decimal or SqlTypeKind.Double or SqlTypeKind.Float && to.IsInteger) return false;
                return result is not null;
            }
            if (from.IsString && to.IsString)
            {
                result = value;
                return true;
            }
            if (from.IsString && value is string text)
            {
                return TryParseTemporal(text, to, out result);
            }
            if (from.Kind == SqlTypeKind.Date && to.IsTimestamp && value is DateOnly date)
            {
                result = date.ToDateTime(TimeOnly.MinValue, to.Kind == SqlTypeKind.TimestampLtz ? DateTimeKind.Utc : DateTimeKind.Unspecified);
                return true;
            }
            if (from.IsTimestamp && to.IsTimestamp && value is DateTime dt)
            {
                result = DateTime.SpecifyKind(dt, to.Kind == SqlTypeKind.TimestampLtz ? DateTimeKind.Utc : DateTimeKind.Unspecified);
                return true;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        return false;
    }

    /// <summary>Parses DATE, TIME and TIMESTAMP literal text as Flink reads it.</summary>
    public static bool TryParseTemporal(string text, SqlType to, out object? result)
    {
        result = null;
        text = text.Trim();
        switch (to.Kind)
        {
            case SqlTypeKind.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) { result = d; return true; }
                return false;
            case SqlTypeKind.Time:
                if (TimeOnly.TryParseExact(text, ["HH:mm:ss", "HH:mm:ss.FFFFFFF", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) { result = t; return true; }
                return false;
            case SqlTypeKind.Timestamp:
            case SqlTypeKind.TimestampLtz:
                var trimmed = TrimFraction(text);
                if (DateTime.TryParseExact(trimmed, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts))
                {
                    result = DateTime.SpecifyKind(ts, to.Kind == SqlTypeKind.TimestampLtz ? DateTimeKind.Utc : DateTimeKind.Unspecified);
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static string TrimFraction(string text)
    {
        // .NET parses at most 7 fractional digits; SQL allows 9 (nanoseconds).
        var dot = text.LastIndexOf('.');
        if (dot < 0 || text.Length - dot - 1 <= 7) return text;
        return text[..(dot + 8)];
    }
}
