using Bsql.Parser.Diagnostics;
using Bsql.Parser.Parsing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser;

/// <summary>
/// Entry points of the BSQL parser. None of them throws on user input: problems are returned as diagnostics
/// (codes in <see cref="DiagnosticCodes"/>), next to a tree that is always present.
/// </summary>
public static class BsqlParser
{
    /// <summary>Parses a script (statements separated by <c>;</c>).</summary>
    /// <param name="text">The script text.</param>
    /// <param name="fileName">Name used in rendered diagnostics.</param>
    /// <param name="options">Parser options, <see cref="ParserOptions.Default"/> when null.</param>
    public static ParseResult Parse(string text, string? fileName = null, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new SourceText(text, fileName);
        var parser = new Parsing.Parser(source, options ?? ParserOptions.Default);
        var script = parser.ParseScript();
        return new ParseResult(script, parser.Diagnostics.ToArray(), source) { Comments = parser.Comments };
    }

    /// <summary>Parses one expression (e.g. a watermark or computed column written in a catalog file).</summary>
    /// <param name="text">The expression text.</param>
    /// <param name="fileName">Name used in rendered diagnostics.</param>
    /// <param name="options">Parser options, <see cref="ParserOptions.Default"/> when null.</param>
    public static ParseResult<Expr> ParseExpression(string text, string? fileName = null, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new SourceText(text, fileName);
        var parser = new Parsing.Parser(source, options ?? ParserOptions.Default);
        var expr = parser.ParseStandaloneExpression();
        return new ParseResult<Expr>(expr, parser.Diagnostics.ToArray(), source);
    }

    /// <summary>Parses one data type (e.g. <c>ROW&lt;a INT, b STRING&gt;</c> from a catalog or JSON descriptor).</summary>
    /// <param name="text">The type text.</param>
    /// <param name="fileName">Name used in rendered diagnostics.</param>
    /// <param name="options">Parser options, <see cref="ParserOptions.Default"/> when null.</param>
    public static ParseResult<DataType> ParseDataType(string text, string? fileName = null, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new SourceText(text, fileName);
        var parser = new Parsing.Parser(source, options ?? ParserOptions.Default);
        var type = parser.ParseStandaloneDataType();
        return new ParseResult<DataType>(type, parser.Diagnostics.ToArray(), source);
    }
}
