using System.Linq.Expressions;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

internal sealed partial class ExpressionEmitter
{
    private Expression EmitCall(Call call)
    {
        if (FunctionRegistry.TryGet(call.Function, out var compile)) return ToCallType(compile(this, call), call.Type);
        if (Context.UserFunctions.TryGetValue(call.Function, out var udf)) return EmitUserFunction(call, udf);
        if (Context.UserFunctionProvider?.Create(call.Function, [.. call.Args.Select(a => a.Type)]) is { } loaded) return EmitUserFunction(call, loaded);
        throw new ExpressionCompilationException(
            $"unknown function '{call.Function}' with {call.Args.Length} argument(s): the runtime has no implementation (the binder should have rejected it)");
    }

    /// <summary>Converts a call's typed result to the CLR form of its declared type (representation only).</summary>
    public Expression ToCallType(Expression e, SqlType type)
    {
        var clr = ClrTypes.Of(type);
        var target = ClrTypes.Nullable(clr);
        if (e.Type == target || e.Type == clr) return e;
        if (Lift.IsNullConstant(e)) return Lift.Null(clr);
        if (clr == typeof(object)) return Expression.Convert(e, typeof(object));
        var from = ClrTypes.Underlying(e.Type);
        if (from == clr) return Lift.ToNullable(e, target);
        if (ClrTypes.IsNumeric(from) && ClrTypes.IsNumeric(clr))
        {
            if (type.Kind == SqlTypeKind.Decimal)
            {
                return Lift.Strict([e], v => Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ToDecimal))!,
                    Expression.Convert(v[0], typeof(decimal)), Expression.Constant(type.Precision), Expression.Constant(type.Scale)));
            }
            return Lift.Strict([e], v => Expression.Convert(v[0], clr));
        }
        if (from == typeof(object)) return Read(e, type);
        throw new ExpressionCompilationException($"a {type} call produced CLR type {e.Type.Name}");
    }

    private Expression EmitUserFunction(Call call, Func<object?[], object?> udf)
    {
        var args = Expression.NewArrayInit(typeof(object), call.Args.Select(a => EmitBoxed(a, a.Type)));
        var result = Expression.Invoke(Expression.Constant(udf), args);
        return Read(result, call.Type);
    }

    /// <summary>Emits the arguments of a call.</summary>
    public Expression[] EmitArgs(Call call) => call.Args.Select(Emit).ToArray();

    // ---- arithmetic -------------------------------------------------------------------------

    /// <summary><c>+ - * / %</c> computed in the result type (Java semantics for integers).</summary>
    public Expression EmitArithmetic(Call call, ExpressionType op)
    {
        var left = call.Args[0];
        var right = call.Args[1];
        var a = Emit(left);
        var b = Emit(right);
        var result = call.Type;
        if (result.Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.Date or SqlTypeKind.Time
            || IsInterval(left.Type) != IsInterval(right.Type) && (IsTemporalPoint(left.Type) || IsTemporalPoint(right.Type)))
        {
            return EmitTemporalArithmetic(a, left.Type, b, right.Type, op);
        }
        var clr = ClrTypes.Of(result);
        if (clr == typeof(object))
        {
            return Expression.Constant(null, typeof(object));
        }
        if (!ClrTypes.IsNumeric(clr))
        {
            throw new ExpressionCompilationException($"arithmetic '{call.Function}' with result type {result}");
        }
        var compute = clr == typeof(sbyte) || clr == typeof(short) ? typeof(int) : clr;
        if (IsInterval(result) && (op == ExpressionType.Multiply || op == ExpressionType.Divide))
        {
            // INTERVAL * n and INTERVAL / n: scale the interval, computing in DOUBLE when n is not integral.
            var factorType = IsInterval(left.Type) ? right.Type : left.Type;
            if (!factorType.IsInteger) compute = typeof(double);
        }
        return Lift.Strict([a, b], v =>
        {
            var x = Numeric(v[0], compute);
            var y = Numeric(v[1], compute);
            Expression r = op switch
            {
                ExpressionType.Add => Expression.Add(x, y),
                ExpressionType.Subtract => Expression.Subtract(x, y),
                ExpressionType.Multiply => Expression.Multiply(x, y),
                ExpressionType.Divide when compute == typeof(double) || compute == typeof(float) => Expression.Divide(x, y),
                ExpressionType.Divide => Expression.Call(typeof(Ops).GetMethod(nameof(Ops.Divide), [compute, compute])!, x, y),
                ExpressionType.Modulo when compute == typeof(double) || compute == typeof(float) => Expression.Modulo(x, y),
                ExpressionType.Modulo => Expression.Call(typeof(Ops).GetMethod(nameof(Ops.Remainder), [compute, compute])!, x, y),
                _ => throw new ExpressionCompilationException($"unsupported arithmetic operator {op}"),
            };
            if (result.Kind == SqlTypeKind.Decimal)
            {
                return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ToDecimal))!, r, Expression.Constant(result.Precision), Expression.Constant(result.Scale));
            }
            return Numeric(r, clr);
        });
    }

    private static bool IsInterval(SqlType t) => t.Kind is SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth;

    private static bool IsTemporalPoint(SqlType t) => t.Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.Date or SqlTypeKind.Time;

    /// <summary>Converts a non-null numeric expression to another numeric CLR type (unchecked, as Java).</summary>
    public static Expression Numeric(Expression value, Type to)
    {
        if (value.Type == to) return value;
        if (value.Type == typeof(double) || value.Type == typeof(float))
        {
            if (to == typeof(long)) return Expression.Call(typeof(CastFunctions).GetMethod(nameof(CastFunctions.DoubleToInt64))!, Expression.Convert(value, typeof(double)));
            if (to == typeof(int) || to == typeof(short) || to == typeof(sbyte))
            {
                return Expression.Convert(Expression.Call(typeof(CastFunctions).GetMethod(nameof(CastFunctions.DoubleToInt32))!, Expression.Convert(value, typeof(double))), to);
            }
            if (to == typeof(decimal)) return Expression.Call(typeof(CastFunctions).GetMethod(nameof(CastFunctions.DoubleToDecimal))!, Expression.Convert(value, typeof(double)));
        }
        if (value.Type == typeof(decimal) && ClrTypes.IsIntegral(to))
        {
            return Expression.Convert(Expression.Call(typeof(CastFunctions).GetMethod(nameof(CastFunctions.DecimalToInt64))!, value), to);
        }
        return Expression.Convert(value, to);
    }

    private Expression EmitTemporalArithmetic(Expression a, SqlType ta, Expression b, SqlType tb, ExpressionType op)
    {
        // point ± interval, or interval + point.
        var pointFirst = !IsInterval(ta);
        var point = pointFirst ? a : b;
        var interval = pointFirst ? b : a;
        var intervalType = pointFirst ? tb : ta;
        var negate = op == ExpressionType.Subtract;
        if (op is not (ExpressionType.Add or ExpressionType.Subtract) || !IsInterval(intervalType))
        {
            throw new ExpressionCompilationException($"unsupported temporal arithmetic {ta} {op} {tb}");
        }
        var method = intervalType.Kind == SqlTypeKind.IntervalYearMonth ? nameof(TemporalFunctions.AddMonths) : nameof(TemporalFunctions.AddMillis);
        return Lift.Strict([point, interval], v =>
        {
            var amount = negate ? Expression.Negate(v[1]) : v[1];
            return Expression.Call(typeof(TemporalFunctions).GetMethod(method, [v[0].Type, amount.Type])!, v[0], amount);
        });
    }

    /// <summary>Unary minus (wraps on the minimum integer, as Java).</summary>
    public Expression EmitNegate(Call call) => Lift.Strict([Emit(call.Args[0], call.Type)], v =>
        v[0].Type == typeof(sbyte) || v[0].Type == typeof(short)
            ? Expression.Convert(Expression.Negate(Expression.Convert(v[0], typeof(int))), v[0].Type)
            : Expression.Negate(v[0]));

    // ---- comparison ---------------------------------------------------------------------------

    /// <summary>A comparison operator: NULL when either side is NULL.</summary>
    public Expression EmitComparison(Call call, ExpressionType kind)
    {
        var a = Emit(call.Args[0]);
        var b = Emit(call.Args[1]);
        if (Lift.IsNullConstant(a) || Lift.IsNullConstant(b)) return Expression.Constant(null, typeof(bool?));
        return Lift.Strict([a, b], v => CompareValues(v[0], v[1], kind));
    }

    /// <summary>A <c>bool</c> comparison of two non-null typed values, widening numbers to a common type.</summary>
    public static Expression CompareValues(Expression x, Expression y, ExpressionType kind)
    {
        var tx = x.Type;
        var ty = y.Type;
        if (ClrTypes.IsNumeric(tx) && ClrTypes.IsNumeric(ty))
        {
            var common = CommonNumeric(tx, ty);
            return Expression.MakeBinary(kind, Numeric(x, common), Numeric(y, common));
        }
        if (tx == typeof(string) && ty == typeof(string))
        {
            if (kind == ExpressionType.Equal) return Expression.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, x, y);
            if (kind == ExpressionType.NotEqual) return Expression.Not(Expression.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, x, y));
            return Expression.MakeBinary(kind, Expression.Call(typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!, x, y), Expression.Constant(0));
        }
        if (tx == typeof(bool) && ty == typeof(bool))
        {
            if (kind is ExpressionType.Equal or ExpressionType.NotEqual) return Expression.MakeBinary(kind, x, y);
            return Expression.MakeBinary(kind, Expression.Condition(x, Expression.Constant(1), Expression.Constant(0)), Expression.Condition(y, Expression.Constant(1), Expression.Constant(0)));
        }
        if (tx == typeof(DateOnly) && ty == typeof(DateTime)) x = Expression.Call(typeof(TemporalFunctions).GetMethod(nameof(TemporalFunctions.DateToTimestamp))!, x);
        else if (tx == typeof(DateTime) && ty == typeof(DateOnly)) y = Expression.Call(typeof(TemporalFunctions).GetMethod(nameof(TemporalFunctions.DateToTimestamp))!, y);
        if (x.Type == y.Type && (x.Type == typeof(DateTime) || x.Type == typeof(DateOnly) || x.Type == typeof(TimeOnly)))
        {
            return Expression.MakeBinary(kind, x, y);
        }
        if (x.Type == typeof(byte[]) && y.Type == typeof(byte[]))
        {
            return Expression.MakeBinary(kind, Expression.Call(typeof(Ops).GetMethod(nameof(Ops.CompareBytes))!, x, y), Expression.Constant(0));
        }
        var bx = Expression.Convert(x, typeof(object));
        var by = Expression.Convert(y, typeof(object));
        if (kind == ExpressionType.Equal) return Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ValuesEqual))!, bx, by);
        if (kind == ExpressionType.NotEqual) return Expression.Not(Expression.Call(typeof(Ops).GetMethod(nameof(Ops.ValuesEqual))!, bx, by));
        return Expression.MakeBinary(kind, Expression.Call(typeof(Ops).GetMethod(nameof(Ops.CompareValues))!, bx, by), Expression.Constant(0));
    }

    /// <summary>The CLR type two numbers compare or combine in: DOUBLE beats DECIMAL beats BIGINT beats INT.</summary>
    public static Type CommonNumeric(Type a, Type b)
    {
        if (a == typeof(double) || b == typeof(double) || a == typeof(float) || b == typeof(float)) return typeof(double);
        if (a == typeof(decimal) || b == typeof(decimal)) return typeof(decimal);
        if (a == typeof(long) || b == typeof(long)) return typeof(long);
        return typeof(int);
    }

    /// <summary><c>IS DISTINCT FROM</c> (or its negation): NULL-safe, never NULL.</summary>
    public Expression EmitDistinct(Call call, bool distinct)
    {
        var a = Emit(call.Args[0]);
        var b = Emit(call.Args[1]);
        var x = Expression.Variable(a.Type);
        var y = Expression.Variable(b.Type);
        Expression equalValues = Lift.IsNullConstant(a) || Lift.IsNullConstant(b)
            ? Expression.Constant(false)
            : CompareValues(Lift.Value(x), Lift.Value(y), ExpressionType.Equal);
        var bothPresent = Expression.AndAlso(Lift.HasValue(x), Lift.HasValue(y));
        var sameNullness = Expression.Equal(Lift.HasValue(x), Lift.HasValue(y));
        // not distinct: (both present and equal) or both NULL.
        Expression notDistinct = Expression.Condition(bothPresent, equalValues, sameNullness);
        return Expression.Block(typeof(bool), [x, y], Expression.Assign(x, a), Expression.Assign(y, b), distinct ? Expression.Not(notDistinct) : notDistinct);
    }

    // ---- logic --------------------------------------------------------------------------------

    /// <summary>Three-valued AND over any number of arguments (short-circuits on FALSE).</summary>
    public Expression EmitAnd(Call call) => call.Args.Select(Emit).Aggregate((l, r) => And(l, r));

    /// <summary>Three-valued OR over any number of arguments (short-circuits on TRUE).</summary>
    public Expression EmitOr(Call call) => call.Args.Select(Emit).Aggregate((l, r) => Or(l, r));

    /// <summary>Three-valued <c>l AND r</c>.</summary>
    public static Expression And(Expression l, Expression r)
    {
        if (l.Type == typeof(bool) && r.Type == typeof(bool)) return Expression.AndAlso(l, r);
        var x = Expression.Variable(ClrTypes.Nullable(typeof(bool)));
        var y = Expression.Variable(ClrTypes.Nullable(typeof(bool)));
        // FALSE if either is FALSE; otherwise NULL if either is NULL; otherwise TRUE.
        return Expression.Block(typeof(bool?), [x, y],
            Expression.Assign(x, ToBool(l)),
            Expression.Condition(Lift.IsFalse(x), Expression.Constant(false, typeof(bool?)),
                Expression.Block(
                    Expression.Assign(y, ToBool(r)),
                    Expression.Condition(Lift.IsFalse(y), Expression.Constant(false, typeof(bool?)),
                        Expression.Condition(Expression.AndAlso(Lift.HasValue(x), Lift.HasValue(y)), Expression.Constant(true, typeof(bool?)), Expression.Constant(null, typeof(bool?)))))));
    }

    /// <summary>Three-valued <c>l OR r</c>.</summary>
    public static Expression Or(Expression l, Expression r)
    {
        if (l.Type == typeof(bool) && r.Type == typeof(bool)) return Expression.OrElse(l, r);
        var x = Expression.Variable(typeof(bool?));
        var y = Expression.Variable(typeof(bool?));
        return Expression.Block(typeof(bool?), [x, y],
            Expression.Assign(x, ToBool(l)),
            Expression.Condition(Lift.IsTrue(x), Expression.Constant(true, typeof(bool?)),
                Expression.Block(
                    Expression.Assign(y, ToBool(r)),
                    Expression.Condition(Lift.IsTrue(y), Expression.Constant(true, typeof(bool?)),
                        Expression.Condition(Expression.AndAlso(Lift.HasValue(x), Lift.HasValue(y)), Expression.Constant(false, typeof(bool?)), Expression.Constant(null, typeof(bool?)))))));
    }

    private static Expression ToBool(Expression e) => Lift.IsNullConstant(e) ? Expression.Constant(null, typeof(bool?)) : Lift.ToNullable(e, typeof(bool?));

    /// <summary>Three-valued NOT.</summary>
    public Expression EmitNot(Call call) => Lift.Strict([Emit(call.Args[0])], v => Expression.Not(v[0]));

    /// <summary><c>IS NULL</c> / <c>IS NOT NULL</c>.</summary>
    public Expression EmitIsNull(Call call, bool isNull)
    {
        if (call.Args[0] is InputRef input)
        {
            var cell = Expression.ArrayIndex(_row, Expression.Constant(input.Index));
            return isNull ? Expression.ReferenceEqual(cell, Expression.Constant(null)) : Expression.ReferenceNotEqual(cell, Expression.Constant(null));
        }
        var a = Emit(call.Args[0]);
        if (Lift.IsNullConstant(a)) return Expression.Constant(isNull);
        var has = Lift.HasValue(a);
        if (has is ConstantExpression) return Expression.Block(a, Expression.Constant(!isNull));
        return isNull ? Expression.Not(has) : has;
    }

    // ---- strings, collections ------------------------------------------------------------------

    /// <summary><c>a || b</c>.</summary>
    public Expression EmitConcat(Call call)
    {
        var args = call.Args.Select(a => a.Type.IsString ? Emit(a) : EmitCast(Emit(a), a.Type, SqlType.String, tryCast: false)).ToArray();
        return Lift.Strict(args, v => Expression.Call(typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!, v[0], v[1]));
    }

    /// <summary><c>ARRAY[...]</c> / <c>ROW(...)</c>.</summary>
    public Expression EmitArrayOrRow(Call call)
    {
        var items = call.Args.Select((a, i) =>
        {
            var target = call.Type.Kind == SqlTypeKind.Array ? call.Type.Element : call.Type.Fields.Length > i ? call.Type.Fields[i].Type : null;
            return EmitBoxed(a, target ?? a.Type);
        });
        return Expression.NewArrayInit(typeof(object), items);
    }

    /// <summary><c>MAP[k1, v1, ...]</c>.</summary>
    public Expression EmitMap(Call call)
    {
        var items = call.Args.Select((a, i) =>
        {
            var target = i % 2 == 0 ? call.Type.Element : call.Type.Value;
            return EmitBoxed(a, target ?? a.Type);
        });
        return Expression.Call(typeof(CollectionFunctions).GetMethod(nameof(CollectionFunctions.MakeMap))!, Expression.NewArrayInit(typeof(object), items));
    }

    /// <summary><c>arr[i]</c> (1-based) and <c>map[key]</c>.</summary>
    public Expression EmitItem(Call call)
    {
        var container = Emit(call.Args[0]);
        var containerType = call.Args[0].Type;
        if (containerType.Kind == SqlTypeKind.Map)
        {
            var key = containerType.Element is null ? Emit(call.Args[1]) : Emit(call.Args[1], containerType.Element);
            return Lift.ToNullable(Lift.Strict([container, key], v => Read(
                Expression.Call(typeof(CollectionFunctions).GetMethod(nameof(CollectionFunctions.MapItem))!, v[0], Expression.Convert(v[1], typeof(object))), call.Type)), ClrTypes.Nullable(ClrTypes.Of(call.Type)));
        }
        var index = Emit(call.Args[1]);
        return Lift.ToNullable(Lift.Strict([container, index], v => Read(
            Expression.Call(typeof(CollectionFunctions).GetMethod(nameof(CollectionFunctions.ArrayItem))!, Expression.Convert(v[0], typeof(object[])), Numeric(v[1], typeof(long))), call.Type)), ClrTypes.Nullable(ClrTypes.Of(call.Type)));
    }

    // ---- IN, LIKE -----------------------------------------------------------------------------

    /// <summary><c>probe IN (v1, v2, ...)</c>: a hash set when the list is constant.</summary>
    public Expression EmitIn(Call call)
    {
        var probeType = call.Args[0].Type;
        var probe = Emit(call.Args[0]);
        var list = call.Args.Skip(1).ToArray();
        if (Lift.IsNullConstant(probe)) return Expression.Constant(null, typeof(bool?));
        var probeClr = ClrTypes.Underlying(probe.Type);
        if (list.All(a => a is Literal) && probeClr != typeof(object))
        {
            var hasNull = list.Any(a => ((Literal)a).Value is null);
            var literals = list.Select(a => (Literal)a).Where(l => l.Value is not null).ToArray();
            if (ClrTypes.IsNumeric(probeClr) && literals.All(l => ClrTypes.IsNumeric(ClrTypes.Of(l.Type))))
            {
                // Probe and constants meet in their common numeric type (an INT probe against BIGINT constants widens).
                var common = literals.Aggregate(probeClr, (t, l) => CommonNumeric(t, ClrTypes.Of(l.Type)));
                if (probeClr == typeof(decimal) || common == typeof(decimal)) common = typeof(decimal);
                var commonType = common == typeof(double) ? SqlType.Double : common == typeof(decimal) ? SqlType.Decimal(38, 18) : common == typeof(long) ? SqlType.BigInt : SqlType.Int;
                if (common != probeClr)
                {
                    probe = Lift.Strict([probe], v => Numeric(v[0], common));
                    probeClr = common;
                }
                probeType = commonType;
            }
            var values = literals.Select(l => ConstantValue(l, probeType)).ToArray();
            var set = HashSets.Create(probeClr, values);
            return Lift.Strict([probe], v =>
            {
                Expression contains = Expression.Call(Expression.Constant(set), set.GetType().GetMethod("Contains")!, v[0]);
                return hasNull ? Expression.Condition(contains, Expression.Constant(true, typeof(bool?)), Expression.Constant(null, typeof(bool?))) : contains;
            });
        }
        var temp = Expression.Variable(probe.Type);
        Expression? result = null;
        foreach (var item in list)
        {
            var e = Emit(item);
            Expression eq = Lift.IsNullConstant(e) ? Expression.Constant(null, typeof(bool?)) : Lift.Strict([temp, e], v => CompareValues(v[0], v[1], ExpressionType.Equal));
            result = result is null ? eq : Or(result, eq);
        }
        return Expression.Block(result!.Type, [temp], Expression.Assign(temp, probe), result);
    }

    private object ConstantValue(Literal literal, SqlType probeType)
    {
        if (ClrTypes.Of(literal.Type) == ClrTypes.Of(probeType) && literal.Value!.GetType() == ClrTypes.Of(probeType)) return literal.Value;
        if (ClrTypes.IsNumeric(ClrTypes.Of(probeType)) && literal.Value is IConvertible && ClrTypes.Of(probeType) != typeof(decimal))
        {
            return Convert.ChangeType(literal.Value, ClrTypes.Of(probeType), System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ClrTypes.Of(probeType) == typeof(decimal) && literal.Value is IConvertible)
        {
            return Convert.ToDecimal(literal.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        var f = CompileValueCast(literal.Type, probeType);
        return f(literal.Value) ?? throw new ExpressionCompilationException($"IN list constant {literal.Value} does not convert to {probeType}");
    }

    /// <summary><c>value LIKE pattern [ESCAPE e]</c>: compiled once when the pattern is constant.</summary>
    public Expression EmitLike(Call call)
    {
        var value = Emit(call.Args[0]);
        if (call.Args.Skip(1).All(a => a is Literal { Value: string }))
        {
            var escape = call.Args.Length > 2 ? (string)((Literal)call.Args[2]).Value! : null;
            var matcher = LikeMatcher.Create((string)((Literal)call.Args[1]).Value!, escape);
            return Lift.Strict([value], v => Expression.Call(Expression.Constant(matcher), typeof(LikeMatcher).GetMethod(nameof(LikeMatcher.IsMatch))!, v[0]));
        }
        var args = EmitArgs(call);
        if (args.Length == 2) return Lift.Strict(args, v => Expression.Call(typeof(LikeMatcher).GetMethod(nameof(LikeMatcher.Like))!, v[0], v[1], Expression.Constant(null, typeof(string))));
        return Lift.Strict(args, v => Expression.Call(typeof(LikeMatcher).GetMethod(nameof(LikeMatcher.Like))!, v[0], v[1], v[2]));
    }

    /// <summary><c>value SIMILAR TO pattern</c>.</summary>
    public Expression EmitSimilar(Call call)
    {
        var args = EmitArgs(call);
        return Lift.Strict(args, v => Expression.Call(typeof(LikeMatcher).GetMethod(nameof(LikeMatcher.Similar))!, v[0], v[1]));
    }
}
