using System.Linq.Expressions;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// Translates one <see cref="BoundExpr"/> tree into a typed <see cref="Expression"/> over a row parameter.
/// Each sub-expression is typed as its SQL type's CLR type (<c>long?</c>, <c>string</c>, <c>bool?</c>...)
/// with explicit NULL checks; only the caller boxes, at the outer boundary.
/// </summary>
internal sealed partial class ExpressionEmitter
{
    private readonly ParameterExpression _row;

    public ExpressionEmitter(ParameterExpression row, ExpressionContext context)
    {
        _row = row;
        Context = context;
    }

    /// <summary>The context compiled code reads (clock, session zone, UDFs).</summary>
    public ExpressionContext Context { get; }

    /// <summary>The context as a constant expression.</summary>
    public Expression ContextConstant => Expression.Constant(Context);

    /// <summary>The typed expression for <paramref name="expr"/>.</summary>
    public Expression Emit(BoundExpr expr) => expr switch
    {
        InputRef input => Read(Expression.ArrayIndex(_row, Expression.Constant(input.Index)), input.Type),
        Literal literal => EmitLiteral(literal),
        Call call => EmitCall(call),
        CastExpr cast => EmitCast(Emit(cast.Operand), cast.Operand.Type, cast.Type, cast.Try),
        CaseExpr @case => EmitCase(@case),
        FieldAccess field => EmitFieldAccess(field),
        _ => throw new ExpressionCompilationException($"unsupported expression node {expr.GetType().Name}"),
    };

    /// <summary>The typed expression for <paramref name="expr"/>, converted to the CLR type of <paramref name="type"/>.</summary>
    public Expression Emit(BoundExpr expr, SqlType type) => Coerce(Emit(expr), expr.Type, type);

    /// <summary>
    /// <paramref name="expr"/> as a boxed value of <paramref name="type"/>: an input column of the same type passes
    /// through as the object already in the row, a constant is boxed once at compile time.
    /// </summary>
    public Expression EmitBoxed(BoundExpr expr, SqlType type)
    {
        if (expr is InputRef input && ClrTypes.Of(input.Type) == ClrTypes.Of(type) && SameParameters(input.Type, type))
        {
            return Expression.ArrayIndex(_row, Expression.Constant(input.Index));
        }
        var typed = Emit(expr, type);
        if (typed is ConstantExpression constant) return Expression.Constant(constant.Value, typeof(object));
        return Lift.Box(typed);
    }

    private static bool SameParameters(SqlType a, SqlType b) =>
        a.Kind == b.Kind && (a.Kind != SqlTypeKind.Decimal || a.Scale == b.Scale) && (!a.IsTimestamp || a.Precision <= b.Precision)
        && (a.Kind is not (SqlTypeKind.Char or SqlTypeKind.VarChar) || a.Precision <= b.Precision);

    /// <summary>Reads a boxed runtime value of <paramref name="type"/> as its typed (nullable) CLR form.</summary>
    public static Expression Read(Expression boxed, SqlType type)
    {
        var clr = ClrTypes.Of(type);
        if (clr == typeof(object)) return boxed;
        if (clr == typeof(long)) return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ReadInt64))!, boxed);
        if (clr == typeof(int)) return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ReadInt32))!, boxed);
        if (clr == typeof(double)) return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ReadDouble))!, boxed);
        if (clr == typeof(decimal)) return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ReadDecimal))!, boxed);
        return Expression.Convert(boxed, ClrTypes.Nullable(clr));
    }

    private Expression EmitLiteral(Literal literal)
    {
        var clr = ClrTypes.Of(literal.Type);
        if (literal.Value is null) return Lift.Null(clr);
        if (clr == typeof(object)) return Expression.Constant(literal.Value, typeof(object));
        var value = literal.Value;
        if (value is System.Text.Json.JsonElement json)
        {
            // A plan read back from JSON without a literal converter: interpret the element by the literal's type.
            value = FromJson(json, literal.Type);
            if (value is null) return Lift.Null(clr);
        }
        if (value.GetType() != clr && ClrTypes.IsNumeric(clr) && ClrTypes.IsNumeric(value.GetType()))
        {
            value = Convert.ChangeType(value, clr, System.Globalization.CultureInfo.InvariantCulture);
        }
        return Expression.Constant(value, clr);
    }

    private object? FromJson(System.Text.Json.JsonElement json, SqlType type)
    {
        switch (json.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined:
                return null;
            case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                return json.GetBoolean();
            case System.Text.Json.JsonValueKind.Number:
                return ClrTypes.Of(type) switch
                {
                    var t when t == typeof(long) => json.GetInt64(),
                    var t when t == typeof(int) => json.GetInt32(),
                    var t when t == typeof(short) => json.GetInt16(),
                    var t when t == typeof(sbyte) => json.GetSByte(),
                    var t when t == typeof(decimal) => json.GetDecimal(),
                    var t when t == typeof(float) => json.GetSingle(),
                    _ => json.GetDouble(),
                };
            case System.Text.Json.JsonValueKind.String when ClrTypes.Of(type) != typeof(string):
                return CompileValueCast(SqlType.String, type)(json.GetString());
            case System.Text.Json.JsonValueKind.String:
                return json.GetString();
            default:
                throw new ExpressionCompilationException($"literal of type {type} holds JSON {json.ValueKind}");
        }
    }

    /// <summary>
    /// Converts a typed expression of SQL type <paramref name="from"/> to the CLR form of <paramref name="to"/>
    /// when only the representation differs (numeric widening, NULL literal); otherwise a CAST.
    /// </summary>
    public Expression Coerce(Expression e, SqlType from, SqlType to)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(to));
        if (e.Type == target || (!Lift.CanBeNull(e) && e.Type == ClrTypes.Of(to))) return e;
        if (Lift.IsNullConstant(e)) return Lift.Null(target);
        if (target == typeof(object)) return Expression.Convert(e, typeof(object));
        var fromClr = ClrTypes.Underlying(e.Type);
        var toClr = ClrTypes.Underlying(target);
        if (fromClr == toClr) return Lift.ToNullable(e, target);
        if (ClrTypes.IsNumeric(fromClr) && ClrTypes.IsNumeric(toClr) && to.Kind != SqlTypeKind.Decimal)
        {
            return Lift.Strict([e], v => Expression.Convert(v[0], toClr));
        }
        return EmitCast(e, from, to, tryCast: false);
    }

    private Expression EmitCase(CaseExpr @case)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(@case.Type));
        Expression result = @case.Else is null ? Expression.Default(target) : Lift.ToNullable(Emit(@case.Else, @case.Type), target);
        for (var i = @case.Arms.Length - 1; i >= 0; i--)
        {
            var arm = @case.Arms[i];
            result = Expression.Condition(Lift.IsTrue(Emit(arm.When)), Lift.ToNullable(Emit(arm.Then, @case.Type), target), result);
        }
        return result;
    }

    private Expression EmitFieldAccess(FieldAccess field)
    {
        var row = Emit(field.Row);
        if (Lift.IsNullConstant(row)) return Lift.Null(ClrTypes.Of(field.Type));
        var read = Lift.Strict([row], v => Read(Expression.ArrayIndex(Expression.Convert(v[0], typeof(object[])), Expression.Constant(field.FieldIndex)), field.Type));
        return Lift.ToNullable(read, ClrTypes.Nullable(ClrTypes.Of(field.Type)));
    }
}
