namespace Bsql.Parser.Diagnostics;

/// <summary>A 1-based line and column in a <see cref="SourceText"/>.</summary>
/// <param name="Line">Line number, starting at 1.</param>
/// <param name="Column">Column number, starting at 1, counted in UTF-16 code units.</param>
public readonly record struct LinePosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
