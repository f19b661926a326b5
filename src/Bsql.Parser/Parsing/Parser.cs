using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>Recursive-descent parser (placeholder until the full grammar lands).</summary>
internal sealed class Parser
{
    private readonly SourceText _source;
    private readonly Token[] _tokens;

    public Parser(SourceText source, ParserOptions options)
    {
        _source = source;
        Diagnostics = new DiagnosticBag(source);
        _tokens = Lexer.Tokenize(source.Text, Diagnostics);
        _ = options;
    }

    public DiagnosticBag Diagnostics { get; }

    public Script ParseScript() => new([], new NodeSpan(0, _source.Text.Length));

    public Expr ParseStandaloneExpression() => new ErrorExpr(new NodeSpan(0, _tokens.Length));

    public DataType ParseStandaloneDataType() => new ScalarType(ScalarTypeKind.String, null, null, false, default);
}
