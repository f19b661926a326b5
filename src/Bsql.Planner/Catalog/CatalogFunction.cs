using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Catalog;

/// <summary>A user-defined function: <c>CREATE FUNCTION name AS 'Namespace.Type' [USING ASSEMBLY 'path']</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ClassName">The implementing .NET type.</param>
/// <param name="AssemblyPath">The assembly holding it, or null.</param>
/// <param name="Span">Where it was declared.</param>
public sealed record CatalogFunction(string Name, string ClassName, string? AssemblyPath, SourceSpan Span);
