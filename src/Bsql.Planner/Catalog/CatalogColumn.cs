using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;
using Bsql.Planner.Types;

namespace Bsql.Planner.Catalog;

/// <summary>
/// A column of a catalog table: a physical column with its <see cref="Type"/>, or a computed column
/// (<c>name AS expression</c>) whose type the binder infers from <see cref="Expression"/>.
/// </summary>
/// <param name="Name">The column name, case preserved.</param>
/// <param name="Type">The declared type of a physical column; null for a computed column.</param>
/// <param name="Expression">The expression of a computed column; null for a physical column.</param>
/// <param name="Comment">The column comment, or null.</param>
/// <param name="Span">Where the column was defined (in <see cref="CatalogTable.Source"/>).</param>
public sealed record CatalogColumn(string Name, SqlType? Type, Expr? Expression, string? Comment, SourceSpan Span)
{
    /// <summary>True for a computed column.</summary>
    public bool IsComputed => Expression is not null;
}
