using System.Reflection;
using System.Runtime.Loader;
using Bsql.Planner.Types;

namespace Bsql.Planner.Functions;

/// <summary>
/// The contract of a user-defined scalar function, shared by the compiler (type checking) and the runtime
/// (invocation): a public class with public <c>Eval</c> methods (static, or instance with a public parameterless
/// constructor), whose parameter and return types are CLR types with a SQL counterpart.
/// </summary>
public static class UserFunctionTypes
{
    /// <summary>The name of the methods that implement a function (matched ignoring case, as Flink's <c>eval</c>).</summary>
    public const string MethodName = "Eval";

    /// <summary>Loads <paramref name="className"/> from <paramref name="assemblyPath"/>, or searches the loaded assemblies when it is null.</summary>
    public static Type? LoadType(string className, string? assemblyPath, out string? error, out string? help)
    {
        error = null;
        help = null;
        if (assemblyPath is not null)
        {
            if (!File.Exists(assemblyPath))
            {
                error = $"assembly '{assemblyPath}' does not exist";
                help = "USING ASSEMBLY takes a path relative to the job file (build the UDF project first)";
                return null;
            }
            Assembly assembly;
            try
            {
                assembly = LoadAssembly(Path.GetFullPath(assemblyPath));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
            {
                error = $"cannot load assembly '{assemblyPath}': {e.Message}";
                help = "the assembly must be a .NET assembly built for .NET 10 or earlier";
                return null;
            }
            var type = assembly.GetType(className, throwOnError: false, ignoreCase: false);
            if (type is null)
            {
                error = $"assembly '{Path.GetFileName(assemblyPath)}' has no type '{className}'";
                help = "the class name must be the full name, namespace included: " + string.Join(", ",
                    SafeTypes(assembly).Where(t => t.IsPublic && EvalMethods(t).Any()).Select(t => t.FullName).Take(5).DefaultIfEmpty("no public type with an Eval method"));
                return null;
            }
            return type;
        }
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(className, throwOnError: false, ignoreCase: false) is { } type) return type;
        }
        error = $"type '{className}' was not found";
        help = "name the assembly that holds it: CREATE FUNCTION f AS 'Namespace.Type' USING ASSEMBLY 'path/to/udfs.dll'";
        return null;
    }

    /// <summary>The public <c>Eval</c> methods of <paramref name="type"/>.</summary>
    public static IEnumerable<MethodInfo> EvalMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => string.Equals(m.Name, MethodName, StringComparison.OrdinalIgnoreCase) && !m.IsGenericMethodDefinition)
            .OrderBy(m => m.GetParameters().Length).ThenBy(m => m.ToString(), StringComparer.Ordinal);

    /// <summary>The SQL type of a CLR parameter or result type, or null when it has none.</summary>
    public static SqlType? ToSqlType(Type clr)
    {
        var underlying = Nullable.GetUnderlyingType(clr) ?? clr;
        if (underlying == typeof(bool)) return SqlType.Boolean;
        if (underlying == typeof(sbyte)) return SqlType.Of(SqlTypeKind.TinyInt);
        if (underlying == typeof(short)) return SqlType.Of(SqlTypeKind.SmallInt);
        if (underlying == typeof(int)) return SqlType.Int;
        if (underlying == typeof(long)) return SqlType.BigInt;
        if (underlying == typeof(float)) return SqlType.Of(SqlTypeKind.Float);
        if (underlying == typeof(double)) return SqlType.Double;
        if (underlying == typeof(decimal)) return SqlType.Decimal(28, 10);
        if (underlying == typeof(string)) return SqlType.String;
        if (underlying == typeof(byte[])) return SqlType.Bytes;
        if (underlying == typeof(DateOnly)) return SqlType.Date;
        if (underlying == typeof(DateTime)) return SqlType.Timestamp(3);
        return null;
    }

    private static Assembly LoadAssembly(string fullPath)
    {
        foreach (var loaded in AssemblyLoadContext.Default.Assemblies)
        {
            if (!loaded.IsDynamic && string.Equals(loaded.Location, fullPath, StringComparison.Ordinal)) return loaded;
        }
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }
}
