using Bsql.Parser.Diagnostics;

namespace Bsql.Parser;

/// <summary>The outcome of parsing a single expression or data type.</summary>
/// <typeparam name="T">The node type.</typeparam>
/// <param name="Value">The node (always present; an error placeholder when nothing could be parsed).</param>
/// <param name="Diagnostics">Every problem found.</param>
/// <param name="Source">The parsed text.</param>
public sealed record ParseResult<T>(T Value, IReadOnlyList<Diagnostic> Diagnostics, SourceText Source)
{
    /// <summary>True when at least one error was reported.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
