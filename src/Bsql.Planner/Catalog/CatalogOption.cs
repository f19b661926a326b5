using Bsql.Parser.Diagnostics;

namespace Bsql.Planner.Catalog;

/// <summary>One <c>'key' = 'value'</c> of a table's <c>WITH</c> clause, with where key and value were written.</summary>
/// <param name="Key">The option key.</param>
/// <param name="Value">The option value as written (possibly a <c>${env:NAME}</c> reference).</param>
/// <param name="KeySpan">Where the key was written.</param>
/// <param name="ValueSpan">Where the value was written.</param>
public sealed record CatalogOption(string Key, string Value, SourceSpan KeySpan, SourceSpan ValueSpan);
