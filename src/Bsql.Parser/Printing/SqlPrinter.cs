using Bsql.Parser.Syntax;

namespace Bsql.Parser.Printing;

/// <summary>Prints syntax trees as canonical BSQL (placeholder until the printer lands).</summary>
public static class SqlPrinter
{
    /// <summary>Prints any node as canonical BSQL.</summary>
    public static string Print(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToString();
    }
}
