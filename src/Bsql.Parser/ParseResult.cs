using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Parser;

/// <summary>The outcome of parsing a script: the tree (always present, possibly partial), the diagnostics and the text.</summary>
/// <param name="Script">The statements that could be parsed (with placeholders where something was missing).</param>
/// <param name="Diagnostics">Every problem found, in source order of discovery.</param>
/// <param name="Source">The parsed text.</param>
public sealed record ParseResult(Script Script, IReadOnlyList<Diagnostic> Diagnostics, SourceText Source)
{
    /// <summary>Where the comments (<c>-- ...</c> and <c>/* ... */</c>, not hints) are; the tree does not keep them.</summary>
    public IReadOnlyList<SourceSpan> Comments { get; init; } = [];

    /// <summary>True when at least one error was reported.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
