using System.Linq.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

internal sealed partial class ExpressionEmitter
{
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary><c>CAST(operand AS to)</c>; with <paramref name="tryCast"/> a failing conversion yields NULL.</summary>
    public Expression EmitCast(Expression operand, SqlType from, SqlType to, bool tryCast)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(to));
        if (Lift.IsNullConstant(operand) || from.Kind == SqlTypeKind.Null) return Lift.Null(target);
        if (to.Kind == SqlTypeKind.Null) return Expression.Constant(null, typeof(object));
        if (tryCast && from.IsString && TryCastString(operand, to) is { } parsed) return Lift.ToNullable(parsed, target);
        var body = Lift.ToNullable(Lift.Strict([operand], v => CastValue(v[0], from, to)), target);
        if (!tryCast) return body;
        return Expression.TryCatch(body, Expression.Catch(typeof(Exception), Expression.Default(target)));
    }

    /// <summary>
    /// TRY_CAST of text to a number, BOOLEAN, DATE or TIMESTAMP without exceptions: the parsers return NULL for bad
    /// input (dirty data must not cost an exception per row). Null for other targets.
    /// </summary>
    private Expression? TryCastString(Expression operand, SqlType to)
    {
        Expression Parse(string method, params Expression[] extra) =>
            Lift.Strict([operand], v => Call(typeof(CastFunctions), method, [v[0], .. extra]));
        var clr = ClrTypes.Of(to);
        switch (to.Kind)
        {
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt:
                var (min, max) = to.Kind switch
                {
                    SqlTypeKind.TinyInt => ((long)sbyte.MinValue, (long)sbyte.MaxValue),
                    SqlTypeKind.SmallInt => (short.MinValue, short.MaxValue),
                    SqlTypeKind.Int => (int.MinValue, int.MaxValue),
                    _ => (long.MinValue, long.MaxValue),
                };
                var integer = Parse(nameof(CastFunctions.TryStringToInteger), Expression.Constant(min), Expression.Constant(max));
                return clr == typeof(long) ? integer : Lift.Strict([integer], v => Expression.Convert(v[0], clr));
            case SqlTypeKind.Double:
                return Parse(nameof(CastFunctions.TryStringToDouble));
            case SqlTypeKind.Float:
                return Lift.Strict([Parse(nameof(CastFunctions.TryStringToDouble))], v => Expression.Convert(v[0], clr));
            case SqlTypeKind.Decimal:
                return Lift.Strict([Parse(nameof(CastFunctions.TryStringToDecimal))], v =>
                    Call(typeof(Ops), nameof(Ops.ToDecimal), v[0], Expression.Constant(to.Precision), Expression.Constant(to.Scale)));
            case SqlTypeKind.Boolean:
                return Parse(nameof(CastFunctions.TryStringToBoolean));
            case SqlTypeKind.Date:
                return Parse(nameof(CastFunctions.TryStringToDate));
            case SqlTypeKind.Timestamp:
                return Lift.Strict([Parse(nameof(CastFunctions.TryStringToTimestamp))], v =>
                    Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), v[0], Expression.Constant(to.Precision)));
            default:
                return null;
        }
    }

    /// <summary>A compiled conversion of boxed values from one SQL type to another (for elements, IN constants).</summary>
    public Func<object?, object?> CompileValueCast(SqlType from, SqlType to)
    {
        var p = Expression.Parameter(typeof(object), "value");
        var body = Lift.Box(EmitCast(Read(p, from), from, to, tryCast: false));
        return Expression.Lambda<Func<object?, object?>>(body, p).Compile();
    }

    private Expression Zone => Expression.Constant(Context.SessionTimeZone);

    private static Expression Call(Type type, string method, params Expression[] args) =>
        Expression.Call(type.GetMethod(method, args.Select(a => a.Type).ToArray())
            ?? throw new ExpressionCompilationException($"no method {type.Name}.{method}({string.Join(", ", args.Select(a => a.Type.Name))})"), args);

    /// <summary>Converts a non-null typed value of SQL type <paramref name="from"/> to the CLR form of <paramref name="to"/>.</summary>
    private Expression CastValue(Expression v, SqlType from, SqlType to)
    {
        var src = v.Type;
        var clr = ClrTypes.Of(to);
        switch (to.Kind)
        {
            case SqlTypeKind.Boolean:
                if (src == typeof(bool)) return v;
                if (src == typeof(string)) return Call(typeof(CastFunctions), nameof(CastFunctions.StringToBoolean), v);
                if (ClrTypes.IsNumeric(src)) return CompareValues(v, Expression.Constant(0), ExpressionType.NotEqual);
                break;
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal:
                return CastToNumber(v, from, to);
            case SqlTypeKind.Char or SqlTypeKind.VarChar:
                var text = ToText(v, from);
                if (to.Precision > 0 && to.Precision < SqlType.MaxLength && !(from.IsString && from.Precision <= to.Precision && to.Kind == SqlTypeKind.VarChar))
                {
                    text = Call(typeof(CastFunctions), nameof(CastFunctions.FitLength), text, Expression.Constant(to.Precision), Expression.Constant(to.Kind == SqlTypeKind.Char));
                }
                return text;
            case SqlTypeKind.Bytes:
                if (src == typeof(byte[])) return v;
                if (src == typeof(string)) return Call(typeof(CastFunctions), nameof(CastFunctions.StringToBytes), v);
                break;
            case SqlTypeKind.Date:
                if (src == typeof(DateOnly)) return v;
                if (src == typeof(string)) return Call(typeof(CastFunctions), nameof(CastFunctions.StringToDate), v);
                if (src == typeof(DateTime)) return Call(typeof(DateOnly), nameof(DateOnly.FromDateTime), ToWallClock(v, from));
                break;
            case SqlTypeKind.Time:
                if (src == typeof(TimeOnly)) return Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), v, Expression.Constant(to.Precision));
                if (src == typeof(string)) return Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), Call(typeof(CastFunctions), nameof(CastFunctions.StringToTime), v), Expression.Constant(to.Precision));
                if (src == typeof(DateTime)) return Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), Call(typeof(TimeOnly), nameof(TimeOnly.FromDateTime), ToWallClock(v, from)), Expression.Constant(to.Precision));
                break;
            case SqlTypeKind.Timestamp:
            {
                Expression? wall = src == typeof(DateTime) ? ToWallClock(v, from)
                    : src == typeof(string) ? Call(typeof(CastFunctions), nameof(CastFunctions.StringToTimestamp), v)
                    : src == typeof(DateOnly) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.DateToTimestamp), v)
                    : src == typeof(TimeOnly) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.TimeToTimestamp), v)
                    : ClrTypes.IsNumeric(src) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.FromEpochSeconds), Numeric(v, typeof(double)), Expression.Constant(DateTimeKind.Unspecified))
                    : null;
                if (wall is not null) return Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), wall, Expression.Constant(to.Precision));
                break;
            }
            case SqlTypeKind.TimestampLtz:
            {
                Expression? instant = src == typeof(DateTime) && from.Kind == SqlTypeKind.TimestampLtz ? v
                    : src == typeof(DateTime) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.LocalToUtc), v, Zone)
                    : src == typeof(string) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.LocalToUtc), Call(typeof(CastFunctions), nameof(CastFunctions.StringToTimestamp), v), Zone)
                    : src == typeof(DateOnly) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.LocalToUtc), Call(typeof(TemporalFunctions), nameof(TemporalFunctions.DateToTimestamp), v), Zone)
                    : ClrTypes.IsNumeric(src) ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.FromEpochSeconds), Numeric(v, typeof(double)), Expression.Constant(DateTimeKind.Utc))
                    : null;
                if (instant is not null) return Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Truncate), instant, Expression.Constant(to.Precision));
                break;
            }
            case SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth:
                if (src == clr) return v;
                if (ClrTypes.IsNumeric(src)) return Numeric(v, clr);
                break;
            case SqlTypeKind.Array when from.Kind == SqlTypeKind.Array:
                if (from.Element is null || to.Element is null || from.Element.Equals(to.Element)) return v;
                return Call(typeof(CastFunctions), nameof(CastFunctions.CastArray), v, Expression.Constant(CompileValueCast(from.Element, to.Element)));
            case SqlTypeKind.Map when from.Kind == SqlTypeKind.Map:
                if (from.Element is null || to.Element is null || from.Value is null || to.Value is null) return v;
                return Call(typeof(CastFunctions), nameof(CastFunctions.CastMap), v,
                    Expression.Constant(CompileValueCast(from.Element, to.Element)), Expression.Constant(CompileValueCast(from.Value, to.Value)));
            case SqlTypeKind.Row when from.Kind == SqlTypeKind.Row:
                if (from.Fields.Length != to.Fields.Length) break;
                var casts = from.Fields.Select((f, i) => CompileValueCast(f.Type, to.Fields[i].Type)).ToArray();
                return Call(typeof(CastFunctions), nameof(CastFunctions.CastRow), v, Expression.Constant(casts));
        }
        throw new ExpressionCompilationException($"unsupported CAST from {from} to {to}");
    }

    /// <summary>A TIMESTAMP_LTZ as the session zone's wall clock; a TIMESTAMP unchanged.</summary>
    private Expression ToWallClock(Expression v, SqlType from) =>
        from.Kind == SqlTypeKind.TimestampLtz ? Call(typeof(TemporalFunctions), nameof(TemporalFunctions.UtcToLocal), v, Zone) : v;

    private Expression CastToNumber(Expression v, SqlType from, SqlType to)
    {
        var src = v.Type;
        var clr = ClrTypes.Of(to);
        Expression number;
        if (ClrTypes.IsNumeric(src) && from.Kind is not (SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth))
        {
            number = Numeric(v, clr);
        }
        else if (src == typeof(string))
        {
            number = to.Kind switch
            {
                SqlTypeKind.TinyInt => Expression.Convert(StringToInteger(v, sbyte.MinValue, sbyte.MaxValue, "TINYINT"), clr),
                SqlTypeKind.SmallInt => Expression.Convert(StringToInteger(v, short.MinValue, short.MaxValue, "SMALLINT"), clr),
                SqlTypeKind.Int => Expression.Convert(StringToInteger(v, int.MinValue, int.MaxValue, "INT"), clr),
                SqlTypeKind.BigInt => StringToInteger(v, long.MinValue, long.MaxValue, "BIGINT"),
                SqlTypeKind.Float => Expression.Convert(Call(typeof(CastFunctions), nameof(CastFunctions.StringToDouble), v), clr),
                SqlTypeKind.Double => Call(typeof(CastFunctions), nameof(CastFunctions.StringToDouble), v),
                _ => Call(typeof(CastFunctions), nameof(CastFunctions.StringToDecimal), v),
            };
        }
        else if (src == typeof(bool))
        {
            number = Numeric(Expression.Condition(v, Expression.Constant(1), Expression.Constant(0)), clr);
        }
        else if (src == typeof(DateTime))
        {
            number = Numeric(Call(typeof(TemporalFunctions), nameof(TemporalFunctions.ToEpochSeconds), v), clr);
        }
        else if (ClrTypes.IsNumeric(src))
        {
            number = Numeric(v, clr);
        }
        else
        {
            throw new ExpressionCompilationException($"unsupported CAST from {from} to {to}");
        }
        if (to.Kind == SqlTypeKind.Decimal)
        {
            return Call(typeof(Ops), nameof(Ops.ToDecimal), number, Expression.Constant(to.Precision), Expression.Constant(to.Scale));
        }
        return number;
    }

    private static Expression StringToInteger(Expression v, long min, long max, string name) =>
        Call(typeof(CastFunctions), nameof(CastFunctions.StringToInteger), v, Expression.Constant(min), Expression.Constant(max), Expression.Constant(name));

    /// <summary>A non-null typed value of SQL type <paramref name="from"/> as text, as CAST to STRING prints it.</summary>
    public Expression ToText(Expression v, SqlType from)
    {
        var src = v.Type;
        if (src == typeof(string)) return v;
        switch (from.Kind)
        {
            case SqlTypeKind.IntervalDayTime: return Call(typeof(CastFunctions), nameof(CastFunctions.IntervalDayTimeToString), Numeric(v, typeof(long)));
            case SqlTypeKind.IntervalYearMonth: return Call(typeof(CastFunctions), nameof(CastFunctions.IntervalYearMonthToString), Numeric(v, typeof(int)));
            case SqlTypeKind.Array or SqlTypeKind.Map or SqlTypeKind.Row:
                return Call(typeof(CastFunctions), nameof(CastFunctions.FormatValue), Expression.Convert(v, typeof(object)), Expression.Constant(from), Zone);
        }
        if (src == typeof(bool)) return Call(typeof(CastFunctions), nameof(CastFunctions.BooleanToString), v);
        if (src == typeof(double)) return Call(typeof(CastFunctions), nameof(CastFunctions.JavaDoubleToString), v);
        if (src == typeof(float)) return Call(typeof(CastFunctions), nameof(CastFunctions.JavaFloatToString), v);
        if (src == typeof(decimal))
        {
            return from.Kind == SqlTypeKind.Decimal
                ? Call(typeof(CastFunctions), nameof(CastFunctions.DecimalToString), v, Expression.Constant(from.Scale))
                : Expression.Call(v, typeof(decimal).GetMethod(nameof(decimal.ToString), [typeof(IFormatProvider)])!, Expression.Constant(Invariant, typeof(IFormatProvider)));
        }
        if (ClrTypes.IsIntegral(src)) return Expression.Call(v, src.GetMethod(nameof(ToString), [typeof(IFormatProvider)])!, Expression.Constant(Invariant, typeof(IFormatProvider)));
        if (src == typeof(DateOnly)) return Call(typeof(CastFunctions), nameof(CastFunctions.DateToString), v);
        if (src == typeof(TimeOnly)) return Call(typeof(CastFunctions), nameof(CastFunctions.TimeToString), v, Expression.Constant(from.Kind == SqlTypeKind.Time ? from.Precision : 0));
        if (src == typeof(DateTime))
        {
            var precision = from.IsTimestamp ? from.Precision : 3;
            return Call(typeof(CastFunctions), nameof(CastFunctions.TimestampToString), ToWallClock(v, from), Expression.Constant(precision));
        }
        if (src == typeof(byte[])) return Call(typeof(CastFunctions), nameof(CastFunctions.BytesToString), v);
        return Call(typeof(CastFunctions), nameof(CastFunctions.FormatValue), Expression.Convert(v, typeof(object)), Expression.Constant(from), Zone);
    }
}
