using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Planner.Catalog;

/// <summary>A view: a named query expanded where it is referenced.</summary>
/// <param name="Name">The full name.</param>
/// <param name="Query">The defining query.</param>
/// <param name="ColumnAliases">Column names given after the view name (empty when none).</param>
/// <param name="Source">The text the view was declared in.</param>
/// <param name="Span">Where it was declared.</param>
public sealed record CatalogView(string Name, Query Query, ImmutableArray<string> ColumnAliases, SourceText? Source, SourceSpan Span);
