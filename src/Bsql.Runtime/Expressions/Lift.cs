using System.Linq.Expressions;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// Helpers over "nullable-ish" typed expressions: a value type <c>T</c> (never NULL), <c>T?</c>, or a
/// reference type (NULL is <c>null</c>). Compiled code stays typed and checks NULL explicitly.
/// </summary>
internal static class Lift
{
    /// <summary>True unless the expression statically cannot be NULL.</summary>
    public static bool CanBeNull(Expression e)
    {
        if (e is ConstantExpression c) return c.Value is null;
        if (e.NodeType == ExpressionType.New || e.NodeType == ExpressionType.NewArrayInit) return false;
        return !e.Type.IsValueType || Nullable.GetUnderlyingType(e.Type) is not null;
    }

    /// <summary>True when the expression is the NULL constant.</summary>
    public static bool IsNullConstant(Expression e) => e is ConstantExpression { Value: null } || e is DefaultExpression && CanBeNull(e);

    /// <summary>A <c>bool</c> expression: true when <paramref name="e"/> is not NULL.</summary>
    public static Expression HasValue(Expression e)
    {
        if (!CanBeNull(e)) return Expression.Constant(true);
        if (e.Type.IsValueType) return Expression.Property(e, "HasValue");
        return Expression.ReferenceNotEqual(e, Expression.Constant(null, e.Type));
    }

    /// <summary>The non-nullable value of <paramref name="e"/> (call only where it is known not NULL).</summary>
    public static Expression Value(Expression e) =>
        e.Type.IsValueType && Nullable.GetUnderlyingType(e.Type) is not null ? Expression.Call(e, e.Type.GetMethod("GetValueOrDefault", Type.EmptyTypes)!) : e;

    /// <summary>The NULL of a nullable-ish type.</summary>
    public static Expression Null(Type type) => Expression.Default(ClrTypes.Nullable(type));

    /// <summary><paramref name="e"/> as the nullable-ish form of its type.</summary>
    public static Expression ToNullable(Expression e) => ToNullable(e, ClrTypes.Nullable(e.Type));

    /// <summary><paramref name="e"/> converted to <paramref name="nullableType"/> (identity when already so).</summary>
    public static Expression ToNullable(Expression e, Type nullableType) => e.Type == nullableType ? e : Expression.Convert(e, nullableType);

    /// <summary>
    /// Evaluates <paramref name="args"/> once each; the result is NULL when any is NULL, else
    /// <paramref name="body"/> over their non-nullable values.
    /// </summary>
    public static Expression Strict(IReadOnlyList<Expression> args, Func<Expression[], Expression> body)
    {
        var vars = new List<ParameterExpression>();
        var statements = new List<Expression>();
        var values = new Expression[args.Count];
        Expression? test = null;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (IsNullConstant(a)) return NullResult(args, body);
            if (a is ConstantExpression or ParameterExpression && !CanBeNull(a))
            {
                values[i] = a;
                continue;
            }
            var temp = Expression.Variable(a.Type);
            vars.Add(temp);
            statements.Add(Expression.Assign(temp, a));
            if (CanBeNull(a))
            {
                var has = HasValue(temp);
                test = test is null ? has : Expression.AndAlso(test, has);
            }
            values[i] = Value(temp);
        }
        var result = body(values);
        if (test is null)
        {
            statements.Add(result);
            return statements.Count == 1 ? result : Expression.Block(result.Type, vars, statements);
        }
        var resultType = ClrTypes.Nullable(result.Type);
        statements.Add(Expression.Condition(test, ToNullable(result, resultType), Expression.Default(resultType)));
        return Expression.Block(resultType, vars, statements);
    }

    /// <summary>
    /// The NULL a strict operation yields for a NULL literal argument. The other arguments still run, as
    /// SQL evaluates every operand (an error in one of them is not hidden by the NULL).
    /// </summary>
    private static Expression NullResult(IReadOnlyList<Expression> args, Func<Expression[], Expression> body)
    {
        Expression result;
        try
        {
            var probe = body(args.Select(x => (Expression)Expression.Default(ClrTypes.Underlying(x.Type))).ToArray());
            result = Null(probe.Type);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or ExpressionCompilationException)
        {
            // The operation cannot even be typed for these arguments; the caller converts this NULL to its result type.
            result = Expression.Constant(null, typeof(object));
        }
        var effects = args.Where(a => a is not ConstantExpression and not ParameterExpression and not DefaultExpression).ToList();
        if (effects.Count == 0) return result;
        effects.Add(result);
        return Expression.Block(result.Type, effects);
    }

    /// <summary>A <c>bool</c> expression: true only when the boolean <paramref name="e"/> is TRUE.</summary>
    public static Expression IsTrue(Expression e)
    {
        if (e.Type == typeof(bool)) return e;
        if (e.Type == typeof(bool?)) return Expression.Call(e, typeof(bool?).GetMethod("GetValueOrDefault", Type.EmptyTypes)!);
        if (IsNullConstant(e)) return Expression.Constant(false);
        throw new ExpressionCompilationException($"expected a BOOLEAN expression, found CLR type {e.Type.Name}");
    }

    /// <summary>A <c>bool</c> expression: true only when the boolean <paramref name="e"/> is FALSE.</summary>
    public static Expression IsFalse(Expression e)
    {
        if (e.Type == typeof(bool)) return Expression.Not(e);
        if (e.Type == typeof(bool?)) return Expression.Equal(e, Expression.Constant(false, typeof(bool?)));
        if (IsNullConstant(e)) return Expression.Constant(false);
        throw new ExpressionCompilationException($"expected a BOOLEAN expression, found CLR type {e.Type.Name}");
    }

    /// <summary>Boxes a typed expression for the object boundary (booleans without allocation).</summary>
    public static Expression Box(Expression e)
    {
        if (e.Type == typeof(bool)) return Expression.Condition(e, Expression.Constant(Boxes.True, typeof(object)), Expression.Constant(Boxes.False, typeof(object)));
        if (e.Type == typeof(bool?)) return Expression.Call(typeof(Boxes).GetMethod(nameof(Boxes.Bool))!, e);
        return e.Type == typeof(object) ? e : Expression.Convert(e, typeof(object));
    }
}
