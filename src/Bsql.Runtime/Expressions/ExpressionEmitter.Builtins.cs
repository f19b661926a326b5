using System.Linq.Expressions;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Expressions;

internal sealed partial class ExpressionEmitter
{
    /// <summary>The arguments, each converted to text (CAST AS STRING) when it is not text already.</summary>
    public Expression[] EmitTextArgs(Call call) =>
        call.Args.Select(a => a.Type.IsString || a.Type.Kind == SqlTypeKind.Null ? Emit(a) : EmitCast(Emit(a), a.Type, SqlType.String, tryCast: false)).ToArray();

    /// <summary>The arguments with TIMESTAMP_LTZ values turned into the session zone's wall clock.</summary>
    public Expression[] EmitWallClockArgs(Call call) =>
        call.Args.Select(a => a.Type.Kind == SqlTypeKind.TimestampLtz
            ? Lift.Strict([Emit(a)], v => Call(typeof(TemporalFunctions), nameof(TemporalFunctions.UtcToLocal), v[0], Zone))
            : Emit(a)).ToArray();

    /// <summary>
    /// A time-unit argument as a <see cref="TemporalUnit"/>: resolved now when it is a constant, else parsed per row.
    /// </summary>
    public Expression EmitUnit(BoundExpr unit)
    {
        if (unit is Literal { Value: string name } && TemporalUnits.TryParse(name) is { } parsed) return Expression.Constant(parsed);
        return Lift.Strict([Emit(unit)], v => Call(typeof(TemporalUnits), nameof(TemporalUnits.Parse), v[0]));
    }

    /// <summary>The arguments of EXTRACT / FLOOR TO / CEIL TO with the unit (at <paramref name="unitIndex"/>) resolved.</summary>
    public Expression[] EmitUnitAndWallClockArgs(Call call, int unitIndex)
    {
        var args = EmitWallClockArgs(call);
        args[unitIndex] = EmitUnit(call.Args[unitIndex]);
        return args;
    }

    /// <summary><c>CONCAT_WS(sep, ...)</c>: NULL parts are skipped.</summary>
    public Expression EmitConcatWs(Call call)
    {
        var args = EmitTextArgs(call).Select(a => Lift.IsNullConstant(a) ? Expression.Constant(null, typeof(string)) : a).ToArray();
        var m = typeof(StringFunctions).GetMethod(nameof(StringFunctions.ConcatWs))!;
        return Overloads.Call(m, args, ContextConstant);
    }

    /// <summary>Math <c>FLOOR(x)</c>/<c>CEIL(x)</c>, or temporal <c>FLOOR(ts TO unit)</c>.</summary>
    public Expression EmitFloorCeil(Call call, bool floor)
    {
        if (call.Args.Length == 2)
        {
            var method = floor ? nameof(TemporalFunctions.FloorTo) : nameof(TemporalFunctions.CeilTo);
            var args = EmitUnitAndWallClockArgs(call, unitIndex: 1);
            var result = EmitStrictCall(args, typeof(TemporalFunctions), method);
            if (call.Args[0].Type.Kind == SqlTypeKind.TimestampLtz)
            {
                return Lift.Strict([result], v => Call(typeof(TemporalFunctions), nameof(TemporalFunctions.LocalToUtc), v[0], Zone));
            }
            return result;
        }
        return EmitStrictCall(call, typeof(MathFunctions), floor ? nameof(MathFunctions.Floor) : nameof(MathFunctions.Ceil));
    }

    /// <summary><c>RAND([seed])</c> / <c>RAND_INTEGER([seed,] bound)</c>.</summary>
    public Expression EmitRandom(Call call, bool integer)
    {
        var seeded = integer ? call.Args.Length == 2 : call.Args.Length == 1;
        if (!seeded) return EmitStrictCall(call, typeof(MathFunctions), integer ? nameof(MathFunctions.RandInteger) : nameof(MathFunctions.Rand));
        if (call.Args[0] is not Literal { Value: not null } seedLiteral)
        {
            throw new ExpressionCompilationException($"{call.Function}: the seed must be a constant");
        }
        var random = Expression.Constant(new SeededRandom(Convert.ToInt32(seedLiteral.Value, System.Globalization.CultureInfo.InvariantCulture)));
        if (!integer) return Expression.Call(random, typeof(SeededRandom).GetMethod(nameof(SeededRandom.NextDouble))!);
        return Lift.Strict([Emit(call.Args[1])], v => Expression.Call(random, typeof(SeededRandom).GetMethod(nameof(SeededRandom.Next))!, Numeric(v[0], typeof(int))));
    }

    /// <summary><c>GREATEST</c> / <c>LEAST</c>: NULL when any argument is NULL.</summary>
    public Expression EmitGreatestLeast(Call call, bool greatest)
    {
        var args = call.Args.Select(a => Emit(a, call.Type)).ToArray();
        return Lift.Strict(args, v =>
        {
            var best = Expression.Variable(v[0].Type);
            var steps = new List<Expression> { Expression.Assign(best, v[0]) };
            foreach (var next in v.Skip(1))
            {
                var better = CompareValues(next, best, greatest ? ExpressionType.GreaterThan : ExpressionType.LessThan);
                steps.Add(Expression.IfThen(better, Expression.Assign(best, next)));
            }
            steps.Add(best);
            return Expression.Block(best.Type, [best], steps);
        });
    }

    /// <summary>The processing-time functions: the job clock's instant in the call's type.</summary>
    public Expression EmitNow(Call call)
    {
        var now = Call(typeof(TemporalFunctions), nameof(TemporalFunctions.Now), ContextConstant);
        return EmitCast(now, SqlType.TimestampLtz(3), call.Type.WithoutTimeAttribute(), tryCast: false);
    }

    /// <summary><c>TIMESTAMPADD(unit, n, ts)</c>.</summary>
    public Expression EmitTimestampAdd(Call call)
    {
        var pointType = call.Args[2].Type;
        var point = Emit(call.Args[2]);
        if (pointType.Kind is SqlTypeKind.Date or SqlTypeKind.Time)
        {
            var toTimestamp = pointType.Kind == SqlTypeKind.Date ? nameof(TemporalFunctions.DateToTimestamp) : nameof(TemporalFunctions.TimeToTimestamp);
            point = Lift.Strict([point], v => Call(typeof(TemporalFunctions), toTimestamp, v[0]));
            pointType = SqlType.Timestamp(9);
        }
        var added = EmitStrictCall([EmitUnit(call.Args[0]), Emit(call.Args[1]), point], typeof(TemporalFunctions), nameof(TemporalFunctions.TimestampAdd));
        return Coerce(added, pointType, call.Type);
    }

    /// <summary><c>TIMESTAMPDIFF(unit, a, b)</c>.</summary>
    public Expression EmitTimestampDiff(Call call)
    {
        var sameZone = call.Args[1].Type.Kind == call.Args[2].Type.Kind;
        var a = AsTimestamp(call.Args[1], wallClock: !sameZone);
        var b = AsTimestamp(call.Args[2], wallClock: !sameZone);
        return EmitStrictCall([EmitUnit(call.Args[0]), a, b], typeof(TemporalFunctions), nameof(TemporalFunctions.TimestampDiff));
    }

    private Expression AsTimestamp(BoundExpr arg, bool wallClock) => arg.Type.Kind switch
    {
        SqlTypeKind.Date => Lift.Strict([Emit(arg)], v => Call(typeof(TemporalFunctions), nameof(TemporalFunctions.DateToTimestamp), v[0])),
        SqlTypeKind.Time => Lift.Strict([Emit(arg)], v => Call(typeof(TemporalFunctions), nameof(TemporalFunctions.TimeToTimestamp), v[0])),
        SqlTypeKind.TimestampLtz when wallClock => Lift.Strict([Emit(arg)], v => Call(typeof(TemporalFunctions), nameof(TemporalFunctions.UtcToLocal), v[0], Zone)),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => Emit(arg),
        _ => EmitCast(Emit(arg), arg.Type, SqlType.Timestamp(9), tryCast: false),
    };

    /// <summary><c>DATEDIFF(end, start)</c> over dates, timestamps or date strings.</summary>
    public Expression EmitDateDiff(Call call)
    {
        var args = call.Args.Select(a => a.Type.Kind == SqlTypeKind.Date ? Emit(a) : EmitCast(Emit(a), a.Type, SqlType.Date, tryCast: false)).ToArray();
        return EmitStrictCall(args, typeof(TemporalFunctions), nameof(TemporalFunctions.DateDiff));
    }

    /// <summary><c>COALESCE</c> / <c>IFNULL</c>: the first non-NULL argument, later ones evaluated only when needed.</summary>
    public Expression EmitCoalesce(Call call)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(call.Type));
        Expression result = Lift.ToNullable(Emit(call.Args[^1], call.Type), target);
        for (var i = call.Args.Length - 2; i >= 0; i--)
        {
            var value = Emit(call.Args[i], call.Type);
            if (Lift.IsNullConstant(value)) continue;
            if (!Lift.CanBeNull(value))
            {
                result = Lift.ToNullable(value, target);
                continue;
            }
            var temp = Expression.Variable(value.Type);
            result = Expression.Block(target, [temp], Expression.Assign(temp, value),
                Expression.Condition(Lift.HasValue(temp), Lift.ToNullable(temp, target), result));
        }
        return result;
    }

    /// <summary><c>IF(cond, a, b)</c>: b when cond is FALSE or NULL.</summary>
    public Expression EmitIf(Call call)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(call.Type));
        return Expression.Condition(Lift.IsTrue(Emit(call.Args[0])),
            Lift.ToNullable(Emit(call.Args[1], call.Type), target), Lift.ToNullable(Emit(call.Args[2], call.Type), target));
    }

    /// <summary><c>NULLIF(a, b)</c>: NULL when a = b, else a.</summary>
    public Expression EmitNullIf(Call call)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(call.Type));
        var a = Lift.ToNullable(Emit(call.Args[0], call.Type), target);
        var b = Emit(call.Args[1]);
        if (Lift.IsNullConstant(b)) return a;
        var x = Expression.Variable(target);
        var equal = Lift.Strict([x, b], v => CompareValues(v[0], v[1], ExpressionType.Equal));
        return Expression.Block(target, [x], Expression.Assign(x, a),
            Expression.Condition(Lift.IsTrue(equal), Expression.Default(target), x));
    }

    /// <summary><c>JSON_VALUE(json, path)</c>, converted to the RETURNING type (NULL when it does not convert).</summary>
    public Expression EmitJsonValue(Call call)
    {
        if (call.Args.Length == 2)
        {
            var text = EmitStrictCall(EmitArgs(call)[..2], typeof(JsonFunctions), nameof(JsonFunctions.JsonValue));
            return call.Type.IsString ? text : EmitCast(text, SqlType.String, call.Type, tryCast: true);
        }
        return EmitJsonValueWithBehaviors(call);
    }

    /// <summary>
    /// <c>JSON_VALUE(json, path, emptyKind, emptyDefault, errorKind, errorDefault)</c>: NULL for a NULL argument; the value
    /// converted to the call's type when found; else the ON EMPTY behaviour (nothing at the path, or JSON null) or the
    /// ON ERROR behaviour (invalid JSON, an object or array at the path, a value that does not convert).
    /// </summary>
    private Expression EmitJsonValueWithBehaviors(Call call)
    {
        var target = ClrTypes.Nullable(ClrTypes.Of(call.Type));
        var json = Emit(call.Args[0]);
        var path = Emit(call.Args[1]);
        var probe = Expression.Variable(typeof(JsonValueProbe), "probe");
        var result = Expression.Variable(target, "value");
        var status = Expression.Property(probe, nameof(JsonValueProbe.Status));
        var text = Expression.Property(probe, nameof(JsonValueProbe.Text));
        var converted = call.Type.IsString ? (Expression)text : EmitCast(text, SqlType.String, call.Type, tryCast: true);
        Expression Behavior(int kindArg, string condition)
        {
            var kind = (string)((Literal)call.Args[kindArg]).Value!;
            return kind switch
            {
                "ERROR" => Expression.Throw(Expression.New(typeof(ExpressionEvaluationException).GetConstructor([typeof(string)])!,
                    Expression.Call(typeof(JsonFunctions).GetMethod(nameof(JsonFunctions.DescribeFailure))!, Expression.Constant(condition), path, text)), target),
                "DEFAULT" => Lift.ToNullable(Emit(call.Args[kindArg + 1]), target),
                _ => Expression.Default(target),
            };
        }
        var found = Expression.Block(target,
            Expression.Assign(result, Lift.ToNullable(converted, target)),
            Expression.Condition(Lift.HasValue(result), result, Behavior(4, "ERROR")));
        return Expression.Block(target, [probe, result],
            Expression.Assign(probe, Expression.Call(typeof(JsonFunctions).GetMethod(nameof(JsonFunctions.Probe))!,
                Expression.Convert(json, typeof(string)), Expression.Convert(path, typeof(string)))),
            Expression.Switch(target, status, Expression.Default(target), null,
                Expression.SwitchCase(found, Expression.Constant(JsonValueProbe.Found)),
                Expression.SwitchCase(Behavior(2, "EMPTY"), Expression.Constant(JsonValueProbe.Empty)),
                Expression.SwitchCase(Behavior(4, "ERROR"), Expression.Constant(JsonValueProbe.Failed))));
    }
}
