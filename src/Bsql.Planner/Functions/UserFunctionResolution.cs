using System.Collections.Immutable;

namespace Bsql.Planner.Functions;

/// <summary>What a <see cref="IUserFunctionResolver"/> found for a <c>CREATE FUNCTION</c>: its overloads, or why it failed.</summary>
/// <param name="AssemblyPath">The absolute path of the assembly that holds the type (null for a type found among loaded assemblies).</param>
/// <param name="Overloads">The function's <c>Eval</c> methods in SQL types; empty on failure.</param>
/// <param name="Error">Why the function cannot be used, or null.</param>
/// <param name="Help">How to fix it, or null.</param>
public sealed record UserFunctionResolution(string? AssemblyPath, ImmutableArray<UserFunctionOverload> Overloads, string? Error, string? Help)
{
    /// <summary>A failed resolution.</summary>
    public static UserFunctionResolution Failed(string error, string? help = null) => new(null, [], error, help);
}
