using System.Linq.Expressions;
using System.Reflection;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// Picks the static method implementing a function for the arguments' CLR types (exact match first,
/// then numeric widening), and builds the call. A leading <see cref="ExpressionContext"/> parameter
/// receives the job's context; a trailing <c>params T[]</c> takes the remaining arguments.
/// </summary>
internal static class Overloads
{
    /// <summary>The best overload of <paramref name="type"/>.<paramref name="name"/> for the argument types.</summary>
    public static MethodInfo Resolve(Type type, string name, Type[] argTypes)
    {
        MethodInfo? best = null;
        var bestCost = int.MaxValue;
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (m.Name != name) continue;
            var cost = Cost(Parameters(m), argTypes);
            if (cost >= 0 && cost < bestCost)
            {
                best = m;
                bestCost = cost;
            }
        }
        return best ?? throw new ExpressionCompilationException(
            $"no overload of {type.Name}.{name} takes ({string.Join(", ", argTypes.Select(t => t.Name))})");
    }

    /// <summary>The call of <paramref name="method"/> on non-null argument values.</summary>
    public static Expression Call(MethodInfo method, Expression[] values, Expression context)
    {
        var ps = method.GetParameters();
        var args = new List<Expression>();
        var offset = 0;
        if (ps.Length > 0 && ps[0].ParameterType == typeof(ExpressionContext))
        {
            args.Add(context);
            offset = 1;
        }
        for (var i = offset; i < ps.Length; i++)
        {
            var p = ps[i];
            if (i == ps.Length - 1 && p.IsDefined(typeof(ParamArrayAttribute)))
            {
                var element = p.ParameterType.GetElementType()!;
                args.Add(Expression.NewArrayInit(element, values.Skip(i - offset).Select(v => Convert(v, element))));
                break;
            }
            args.Add(Convert(values[i - offset], p.ParameterType));
        }
        return Expression.Call(method, args);
    }

    private static Expression Convert(Expression value, Type to)
    {
        if (value.Type == to) return value;
        if (ClrTypes.IsNumeric(value.Type) && ClrTypes.IsNumeric(to)) return ExpressionEmitter.Numeric(value, to);
        return Expression.Convert(value, to);
    }

    private static ParameterInfo[] Parameters(MethodInfo m)
    {
        var ps = m.GetParameters();
        return ps.Length > 0 && ps[0].ParameterType == typeof(ExpressionContext) ? ps[1..] : ps;
    }

    private static int Cost(ParameterInfo[] ps, Type[] args)
    {
        var variadic = ps.Length > 0 && ps[^1].IsDefined(typeof(ParamArrayAttribute));
        var fixedCount = variadic ? ps.Length - 1 : ps.Length;
        if (variadic ? args.Length < fixedCount : args.Length != fixedCount) return -1;
        var total = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var target = i < fixedCount ? ps[i].ParameterType : ps[^1].ParameterType.GetElementType()!;
            var c = Cost(args[i], target);
            if (c < 0) return -1;
            total += c;
        }
        return total;
    }

    private static int Cost(Type from, Type to)
    {
        if (from == to) return 0;
        if (ClrTypes.IsNumeric(from) && ClrTypes.IsNumeric(to))
        {
            var rf = ClrTypes.NumericRank(from);
            var rt = ClrTypes.NumericRank(to);
            return rt >= rf ? rt - rf : -1;
        }
        if (to == typeof(object)) return 20;
        if (from == typeof(object)) return 30;
        return to.IsAssignableFrom(from) ? 1 : -1;
    }
}
