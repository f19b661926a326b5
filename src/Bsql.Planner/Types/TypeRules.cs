namespace Bsql.Planner.Types;

/// <summary>
/// Flink SQL's type rules as the binder applies them: numeric widening, decimal arithmetic precision,
/// the least restrictive common type, comparability, and which casts are implicit (assignable) or explicit.
/// </summary>
public static class TypeRules
{
    /// <summary>Flink's maximum DECIMAL precision.</summary>
    public const int MaxDecimalPrecision = 38;

    private static int NumericRank(SqlTypeKind kind) => kind switch
    {
        SqlTypeKind.TinyInt => 1,
        SqlTypeKind.SmallInt => 2,
        SqlTypeKind.Int => 3,
        SqlTypeKind.BigInt => 4,
        SqlTypeKind.Decimal => 5,
        SqlTypeKind.Float => 6,
        SqlTypeKind.Double => 7,
        _ => 0,
    };

    /// <summary>The DECIMAL type that holds every value of an integer type exactly.</summary>
    public static SqlType AsDecimal(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => SqlType.Decimal(3, 0),
        SqlTypeKind.SmallInt => SqlType.Decimal(5, 0),
        SqlTypeKind.Int => SqlType.Decimal(10, 0),
        SqlTypeKind.BigInt => SqlType.Decimal(19, 0),
        _ => type,
    };

    /// <summary>True when the type carries no value information (the untyped NULL literal).</summary>
    public static bool IsNull(SqlType type) => type.Kind == SqlTypeKind.Null;

    /// <summary>The least restrictive type both values fit (CASE, COALESCE, UNION, comparisons), or null when incompatible.</summary>
    public static SqlType? CommonType(SqlType a, SqlType b)
    {
        var nullable = a.Nullable || b.Nullable;
        if (IsNull(a)) return b.WithoutTimeAttribute().WithNullable(true);
        if (IsNull(b)) return a.WithoutTimeAttribute().WithNullable(true);
        a = a.WithoutTimeAttribute();
        b = b.WithoutTimeAttribute();
        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Kind == SqlTypeKind.Decimal || b.Kind == SqlTypeKind.Decimal)
            {
                if (a.Kind is SqlTypeKind.Float or SqlTypeKind.Double || b.Kind is SqlTypeKind.Float or SqlTypeKind.Double)
                {
                    return SqlType.Of(SqlTypeKind.Double, nullable);
                }
                var da = AsDecimal(a);
                var db = AsDecimal(b);
                var scale = Math.Max(da.Scale, db.Scale);
                var integer = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
                return SqlType.Decimal(Math.Min(MaxDecimalPrecision, integer + scale), scale).WithNullable(nullable);
            }
            return SqlType.Of(NumericRank(a.Kind) >= NumericRank(b.Kind) ? a.Kind : b.Kind, nullable);
        }
        if (a.IsString && b.IsString)
        {
            if (a.Kind == SqlTypeKind.Char && b.Kind == SqlTypeKind.Char && a.Precision == b.Precision) return a.WithNullable(nullable);
            var length = Math.Max(a.Precision, b.Precision);
            return (length == SqlType.MaxLength ? SqlType.String : SqlType.VarChar(length)).WithNullable(nullable);
        }
        if (a.Kind == b.Kind)
        {
            return a.Kind switch
            {
                SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.Time => a with { Precision = Math.Max(a.Precision, b.Precision), Nullable = nullable },
                SqlTypeKind.Bytes => a with { Precision = Math.Max(a.Precision, b.Precision), Nullable = nullable },
                SqlTypeKind.Array => CommonType(a.Element!, b.Element!) is { } e ? SqlType.Array(e).WithNullable(nullable) : null,
                SqlTypeKind.Map => CommonType(a.Element!, b.Element!) is { } k && CommonType(a.Value!, b.Value!) is { } v ? SqlType.Map(k, v).WithNullable(nullable) : null,
                SqlTypeKind.Row => a.Fields.Length == b.Fields.Length ? RowCommon(a, b, nullable) : null,
                _ => a.WithNullable(nullable),
            };
        }
        if (a.IsTimestamp && b.IsTimestamp) return SqlType.Timestamp(Math.Max(a.Precision, b.Precision)).WithNullable(nullable);
        if ((a.Kind == SqlTypeKind.Date && b.IsTimestamp) || (b.Kind == SqlTypeKind.Date && a.IsTimestamp))
        {
            return (a.IsTimestamp ? a : b).WithNullable(nullable);
        }
        return null;
    }

    private static SqlType? RowCommon(SqlType a, SqlType b, bool nullable)
    {
        var fields = new List<RowField>();
        for (var i = 0; i < a.Fields.Length; i++)
        {
            if (CommonType(a.Fields[i].Type, b.Fields[i].Type) is not { } t) return null;
            fields.Add(new RowField(a.Fields[i].Name, t));
        }
        return SqlType.Row(fields).WithNullable(nullable);
    }

    /// <summary>True when values of both types can be compared with <c>= &lt; &gt;</c> (after implicit casts).</summary>
    public static bool AreComparable(SqlType a, SqlType b)
    {
        if (IsNull(a) || IsNull(b)) return true;
        if (a.IsNumeric && b.IsNumeric) return true;
        if (a.IsString && b.IsString) return true;
        if (IsTemporal(a) && IsTemporal(b)) return a.Kind == b.Kind || (a.Kind != SqlTypeKind.Time && b.Kind != SqlTypeKind.Time);
        return a.Kind == b.Kind && a.Kind is not (SqlTypeKind.Map or SqlTypeKind.Array or SqlTypeKind.Row) || (a.Kind == b.Kind && CommonType(a, b) is not null);
    }

    /// <summary>True for DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.</summary>
    public static bool IsTemporal(SqlType type) => type.Kind is SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz;

    /// <summary>True for the day-time and year-month interval types.</summary>
    public static bool IsInterval(SqlType type) => type.Kind is SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth;

    /// <summary>
    /// True when a value of <paramref name="from"/> may be stored in a column of <paramref name="to"/> without an
    /// explicit CAST (Flink's implicit casts for INSERT): numeric widening, exact to approximate numerics, strings to
    /// strings, DATE/TIMESTAMP to wider timestamps. Nullability is checked at run time, as Flink does.
    /// </summary>
    public static bool IsAssignable(SqlType from, SqlType to)
    {
        if (IsNull(from)) return true;
        from = from.WithoutTimeAttribute();
        if (from.Kind == to.Kind)
        {
            return from.Kind switch
            {
                SqlTypeKind.Decimal => true,
                SqlTypeKind.Array => IsAssignable(from.Element!, to.Element!),
                SqlTypeKind.Map => IsAssignable(from.Element!, to.Element!) && IsAssignable(from.Value!, to.Value!),
                SqlTypeKind.Row => from.Fields.Length == to.Fields.Length
                    && from.Fields.Zip(to.Fields).All(p => IsAssignable(p.First.Type, p.Second.Type)),
                _ => true,
            };
        }
        if (from.IsNumeric && to.IsNumeric)
        {
            if (to.Kind is SqlTypeKind.Float or SqlTypeKind.Double) return true;
            if (to.Kind == SqlTypeKind.Decimal) return from.IsInteger;
            return from.IsInteger && to.IsInteger && NumericRank(from.Kind) <= NumericRank(to.Kind);
        }
        if (from.IsString && to.IsString) return true;
        if (from.IsTimestamp && to.IsTimestamp) return true;
        if (from.Kind == SqlTypeKind.Date && to.IsTimestamp) return true;
        return false;
    }

    /// <summary>True when <c>CAST(x AS to)</c> is allowed for x of type <paramref name="from"/>.</summary>
    public static bool CanCast(SqlType from, SqlType to)
    {
        if (IsNull(from) || IsAssignable(from, to)) return true;
        if (from.IsString || to.IsString) return to.Kind is not (SqlTypeKind.Array or SqlTypeKind.Map or SqlTypeKind.Row) || from.IsString == false;
        if (from.IsNumeric && to.IsNumeric) return true;
        if (from.IsNumeric && to.Kind == SqlTypeKind.Boolean || from.Kind == SqlTypeKind.Boolean && to.IsNumeric) return true;
        if (IsTemporal(from) && IsTemporal(to)) return true;
        if (from.IsInteger && to.IsTimestamp || from.IsTimestamp && to.IsInteger) return true;
        if (IsInterval(from) && to.IsNumeric) return true;
        if (from.Kind == to.Kind && from.Kind is SqlTypeKind.Array or SqlTypeKind.Map or SqlTypeKind.Row) return true;
        return false;
    }

    /// <summary>The result type of <c>a op b</c> for <c>+ - * / %</c> over numerics, or null when not numeric.</summary>
    public static SqlType? Arithmetic(string op, SqlType a, SqlType b)
    {
        var nullable = a.Nullable || b.Nullable;
        if (IsNull(a)) a = b;
        if (IsNull(b)) b = a;
        if (!a.IsNumeric || !b.IsNumeric) return null;
        if (a.Kind is SqlTypeKind.Float or SqlTypeKind.Double || b.Kind is SqlTypeKind.Float or SqlTypeKind.Double)
        {
            var kind = a.Kind == SqlTypeKind.Double || b.Kind == SqlTypeKind.Double ? SqlTypeKind.Double : SqlTypeKind.Float;
            return SqlType.Of(kind, nullable);
        }
        if (a.Kind != SqlTypeKind.Decimal && b.Kind != SqlTypeKind.Decimal)
        {
            return SqlType.Of(NumericRank(a.Kind) >= NumericRank(b.Kind) ? a.Kind : b.Kind, nullable);
        }
        var x = AsDecimal(a);
        var y = AsDecimal(b);
        int p, s;
        switch (op)
        {
            case "*":
                p = x.Precision + y.Precision;
                s = x.Scale + y.Scale;
                break;
            case "/":
                s = Math.Max(6, x.Scale + y.Precision + 1);
                p = x.Precision - x.Scale + y.Scale + s;
                break;
            case "%":
                s = Math.Max(x.Scale, y.Scale);
                p = Math.Min(x.Precision - x.Scale, y.Precision - y.Scale) + s;
                break;
            default:
                s = Math.Max(x.Scale, y.Scale);
                p = Math.Max(x.Precision - x.Scale, y.Precision - y.Scale) + s + 1;
                break;
        }
        if (p > MaxDecimalPrecision)
        {
            // Flink keeps at least 6 fractional digits when the precision overflows.
            s = Math.Max(Math.Min(s, 6), s - (p - MaxDecimalPrecision));
            p = MaxDecimalPrecision;
        }
        return SqlType.Decimal(p, s).WithNullable(nullable);
    }
}
