namespace Bsql.Parser;

/// <summary>Switches of the parser (dialect options live here, not as scattered <c>if</c>s).</summary>
public sealed record ParserOptions
{
    /// <summary>The default options.</summary>
    public static ParserOptions Default { get; } = new();

    /// <summary>
    /// Maximum depth of the tree being built: each nested parenthesis, subquery, function argument list or type
    /// adds one, and so does each link of an operator or join chain. Deeper input gets <c>BSQL1007</c> instead of
    /// a stack overflow (which .NET cannot catch).
    /// </summary>
    public int MaxDepth { get; init; } = 500;

    /// <summary>Accept the BSQL extensions (delayed window join). When false they are reported as errors.</summary>
    public bool AllowExtensions { get; init; } = true;
}
