using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Functions;

namespace Bsql.Planner.Catalog;

/// <summary>A user-defined function: <c>CREATE FUNCTION name AS 'Namespace.Type' [USING ASSEMBLY 'path']</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ClassName">The implementing .NET type.</param>
/// <param name="AssemblyPath">The assembly holding it, or null.</param>
/// <param name="Span">Where it was declared.</param>
public sealed record CatalogFunction(string Name, string ClassName, string? AssemblyPath, SourceSpan Span)
{
    /// <summary>The assembly's absolute path once resolved (null: the type was found among loaded assemblies).</summary>
    public string? ResolvedAssemblyPath { get; init; }

    /// <summary>The function's <c>Eval</c> overloads in SQL types (empty until resolved).</summary>
    public ImmutableArray<UserFunctionOverload> Overloads { get; init; } = [];
}
