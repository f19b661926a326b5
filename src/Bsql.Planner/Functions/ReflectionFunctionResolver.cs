using System.Collections.Immutable;

namespace Bsql.Planner.Functions;

/// <summary>Resolves user-defined functions by loading their assembly and reading the <c>Eval</c> methods' signatures.</summary>
public sealed class ReflectionFunctionResolver : IUserFunctionResolver
{
    /// <summary>The shared instance.</summary>
    public static ReflectionFunctionResolver Instance { get; } = new();

    /// <inheritdoc />
    public UserFunctionResolution Resolve(string className, string? assemblyPath)
    {
        var type = UserFunctionTypes.LoadType(className, assemblyPath, out var error, out var help);
        if (type is null) return UserFunctionResolution.Failed(error!, help);
        if (!type.IsPublic || type.IsAbstract && !type.IsSealed)
        {
            return UserFunctionResolution.Failed($"type '{className}' must be a public, non-abstract class", "declare it `public sealed class`");
        }
        var overloads = ImmutableArray.CreateBuilder<UserFunctionOverload>();
        var rejected = new List<string>();
        foreach (var method in UserFunctionTypes.EvalMethods(type))
        {
            if (!method.IsStatic && type.GetConstructor(Type.EmptyTypes) is null)
            {
                return UserFunctionResolution.Failed($"type '{className}' has an instance Eval method but no public parameterless constructor",
                    "add a public parameterless constructor, or make Eval static");
            }
            var parameters = method.GetParameters().Select(p => UserFunctionTypes.ToSqlType(p.ParameterType)).ToList();
            var result = method.ReturnType == typeof(void) ? null : UserFunctionTypes.ToSqlType(method.ReturnType);
            if (result is null || parameters.Any(p => p is null))
            {
                rejected.Add(method.ToString()!);
                continue;
            }
            overloads.Add(new UserFunctionOverload([.. parameters.Select(p => p!)], result.WithNullable(true)));
        }
        if (overloads.Count == 0)
        {
            return UserFunctionResolution.Failed(
                rejected.Count == 0 ? $"type '{className}' has no public Eval method" : $"no Eval method of '{className}' has SQL-compatible types: {string.Join("; ", rejected)}",
                "parameters and results may be bool, sbyte, short, int, long, float, double, decimal, string, byte[], DateOnly or DateTime (nullable forms too)");
        }
        var path = assemblyPath is null ? null : Path.GetFullPath(assemblyPath);
        return new UserFunctionResolution(path, [.. overloads.OrderBy(o => o.Parameters.Length).ThenBy(o => o.Describe(), StringComparer.Ordinal)], null, null);
    }
}
