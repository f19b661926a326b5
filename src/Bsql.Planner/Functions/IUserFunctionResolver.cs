namespace Bsql.Planner.Functions;

/// <summary>
/// Finds the implementation of a <c>CREATE FUNCTION name AS 'Type' [USING ASSEMBLY 'path']</c> and describes
/// its <c>Eval</c> methods in SQL types, so that calls can be type-checked at compile time.
/// </summary>
public interface IUserFunctionResolver
{
    /// <summary>Resolves <paramref name="className"/> in <paramref name="assemblyPath"/> (absolute, or null: the loaded assemblies).</summary>
    UserFunctionResolution Resolve(string className, string? assemblyPath);
}
