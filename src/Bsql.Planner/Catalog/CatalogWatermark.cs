using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Planner.Catalog;

/// <summary><c>WATERMARK FOR column AS strategy</c> of a catalog table.</summary>
/// <param name="Column">The event-time column.</param>
/// <param name="Strategy">The watermark expression over the table's columns.</param>
/// <param name="Span">Where it was defined.</param>
public sealed record CatalogWatermark(string Column, Expr Strategy, SourceSpan Span);
