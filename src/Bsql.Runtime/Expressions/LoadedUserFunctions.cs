using System.Linq.Expressions;
using System.Reflection;
using Bsql.Planner.Functions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Expressions;

/// <summary>
/// The job's user-defined functions, loaded from their assemblies at job start. Each call site gets its own instance of the
/// implementing class (as Flink gives each parallel task its own), so an <c>Eval</c> with instance state needs no locking.
/// A NULL passed to a non-nullable value-type parameter yields NULL without calling the function; an exception thrown by
/// the function fails the row's expression with the function's name and message.
/// </summary>
public sealed class LoadedUserFunctions : IUserFunctionProvider
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.OrdinalIgnoreCase);

    private LoadedUserFunctions() { }

    /// <summary>Loads every function of <paramref name="functions"/>; a missing assembly or type is BSQL4007.</summary>
    public static LoadedUserFunctions Load(IEnumerable<UserFunctionSpec> functions)
    {
        var loaded = new LoadedUserFunctions();
        foreach (var function in functions)
        {
            var type = UserFunctionTypes.LoadType(function.ClassName, function.AssemblyPath, out var error, out var help)
                ?? throw new BsqlRuntimeException(RuntimeErrors.UserFunctionUnavailable, $"function '{function.Name}' cannot be loaded: {error}" + (help is null ? "" : $" ({help})"));
            loaded._types[function.Name] = type;
        }
        return loaded;
    }

    /// <inheritdoc />
    public Func<object?[], object?>? Create(string name, IReadOnlyList<SqlType> argumentTypes)
    {
        if (!_types.TryGetValue(name, out var type)) return null;
        var clr = argumentTypes.Select(ClrTypes.Of).ToArray();
        var method = UserFunctionTypes.EvalMethods(type).FirstOrDefault(m => Matches(m, clr))
            ?? throw new BsqlRuntimeException(RuntimeErrors.UserFunctionUnavailable,
                $"function '{name}': '{type.FullName}' has no Eval({string.Join(", ", clr.Select(c => c.Name))}) method (the assembly changed since the job was compiled: recompile the job)");
        return Compile(name, type, method);
    }

    private static bool Matches(MethodInfo method, Type[] clr)
    {
        var parameters = method.GetParameters();
        return parameters.Length == clr.Length && parameters.Select((p, i) => ClrTypes.Underlying(p.ParameterType) == clr[i]).All(x => x);
    }

    /// <summary><c>args => (object?)instance.Eval((T0)args[0], ...)</c>, NULL for a NULL given to a value-type parameter.</summary>
    private static Func<object?[], object?> Compile(string name, Type type, MethodInfo method)
    {
        var instance = method.IsStatic ? null : Expression.Constant(Activator.CreateInstance(type));
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var nullChecks = new List<Expression>();
        var values = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var element = Expression.ArrayIndex(args, Expression.Constant(i));
            var target = parameters[i].ParameterType;
            if (target.IsValueType && Nullable.GetUnderlyingType(target) is null) nullChecks.Add(Expression.Equal(element, Expression.Constant(null)));
            values[i] = Expression.Convert(element, target);
        }
        Expression call = Expression.Call(instance, method, values);
        call = Expression.Convert(call, typeof(object));
        if (nullChecks.Count > 0)
        {
            call = Expression.Condition(nullChecks.Aggregate(Expression.OrElse), Expression.Constant(null, typeof(object)), call);
        }
        var invoke = Expression.Lambda<Func<object?[], object?>>(call, args).Compile();
        return values =>
        {
            try
            {
                return invoke(values);
            }
            catch (Exception e) when (e is not ExpressionEvaluationException)
            {
                throw new ExpressionEvaluationException($"function '{name}' failed: {e.Message}", e);
            }
        };
    }
}
