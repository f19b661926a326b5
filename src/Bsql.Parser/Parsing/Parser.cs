using System.Runtime.CompilerServices;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Parsing;

/// <summary>
/// Hand-written recursive-descent parser over the token array; expressions use a precedence-climbing loop
/// (<see cref="ParseExpression(int)"/>). Naming: <c>ParseX</c> requires an X (diagnostic and a synthesized
/// node when missing), <c>TryParseX</c> is optional (null, nothing consumed), <c>Expect</c> requires a token,
/// <c>Accept</c> takes one if present, <c>Peek</c> looks ahead.
/// <para>
/// Error handling never throws: the first syntax error of a statement is reported and puts the parser into
/// recovery mode, in which further "expected" errors are suppressed (they would be cascades) until the next
/// <c>;</c>, where parsing resumes, so one run reports the first error of every statement.
/// </para>
/// </summary>
internal sealed partial class Parser
{
    private readonly string _text;
    private readonly Token[] _tokens;
    private readonly ParserOptions _options;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private int _index;
    private int _prevEnd;
    private bool _recovering;
    private int _depth;
    private bool _depthReported;

    public Parser(SourceText source, ParserOptions options)
    {
        _text = source.Text;
        _options = options;
        Diagnostics = new DiagnosticBag(source);
        _tokens = Lexer.Tokenize(_text, Diagnostics, Comments);
        _names = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DiagnosticBag Diagnostics { get; }

    public List<SourceSpan> Comments { get; } = [];

    // ---------------------------------------------------------------- entry points

    public Script ParseScript()
    {
        var statements = new List<Statement>();
        while (!At(TokenKind.EndOfFile))
        {
            if (Accept(TokenKind.Semicolon))
            {
                continue;
            }

            _recovering = false;
            _depthReported = false;
            _depth = 0;
            var startIndex = _index;
            var statement = ParseStatement();
            if (statement is not null)
            {
                statements.Add(statement);
            }

            if (At(TokenKind.Semicolon) || At(TokenKind.EndOfFile))
            {
                continue;
            }

            if (!_recovering && statement is not null)
            {
                if (IsStatementStart(Current))
                {
                    Diagnostics.ReportError(DiagnosticCodes.MissingSemicolon, new SourceSpan(_prevEnd, 0),
                        $"expected ';' after the statement, found {Describe(Current)}", "separate statements with `;`");
                    continue;
                }

                ReportExpected("';' or the end of the statement");
            }

            SkipToStatementEnd();
            if (_index == startIndex)
            {
                Advance();
            }
        }

        return new Script(statements.ToEquatableArray(), new NodeSpan(0, _text.Length));
    }

    public Expr ParseStandaloneExpression()
    {
        if (At(TokenKind.EndOfFile))
        {
            Diagnostics.ReportError(DiagnosticCodes.EmptyInput, new SourceSpan(0, 0), "expected an expression, found end of input");
            return new ErrorExpr(default);
        }

        var expr = ParseExpression();
        if (!At(TokenKind.EndOfFile))
        {
            ReportExpected("end of the expression");
        }

        return expr;
    }

    public DataType ParseStandaloneDataType()
    {
        if (At(TokenKind.EndOfFile))
        {
            Diagnostics.ReportError(DiagnosticCodes.EmptyInput, new SourceSpan(0, 0), "expected a data type, found end of input");
            return new ScalarType(ScalarTypeKind.String, null, null, false, default);
        }

        var type = ParseDataType();
        if (!At(TokenKind.EndOfFile))
        {
            ReportExpected("end of the data type");
        }

        return type;
    }

    // ---------------------------------------------------------------- token access

    private Token Current => _tokens[_index];

    private TokenKind CurrentKind => _tokens[_index].Kind;

    private Token Peek(int offset) => _tokens[Math.Min(_index + offset, _tokens.Length - 1)];

    private bool At(TokenKind kind) => _tokens[_index].Kind == kind;

    private bool AtKeyword(Keyword keyword) => _tokens[_index].Keyword == keyword && _tokens[_index].Kind == TokenKind.Identifier;

    private bool PeekKeyword(int offset, Keyword keyword)
    {
        var t = Peek(offset);
        return t.Kind == TokenKind.Identifier && t.Keyword == keyword;
    }

    private Token Advance()
    {
        var token = _tokens[_index];
        if (token.Kind != TokenKind.EndOfFile)
        {
            _index++;
            _prevEnd = token.End;
        }

        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (_tokens[_index].Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private bool AcceptKeyword(Keyword keyword)
    {
        if (!AtKeyword(keyword))
        {
            return false;
        }

        Advance();
        return true;
    }

    /// <summary>Consumes a token of the kind or reports <c>expected what, found ...</c>; returns whether it was there.</summary>
    private bool Expect(TokenKind kind, string? help = null)
    {
        if (Accept(kind))
        {
            return true;
        }

        ReportExpected($"'{KindText(kind)}'", help);
        return false;
    }

    private bool ExpectKeyword(Keyword keyword, string? help = null, string code = DiagnosticCodes.UnexpectedToken)
    {
        if (AcceptKeyword(keyword))
        {
            return true;
        }

        ReportExpected(KeywordText(keyword), help, code);
        return false;
    }

    private ReadOnlySpan<char> TextOf(Token token) => _text.AsSpan(token.Start, token.Length);

    private bool TextIs(Token token, string word) =>
        token.Kind == TokenKind.Identifier && TextOf(token).Equals(word, StringComparison.OrdinalIgnoreCase);

    private string Intern(ReadOnlySpan<char> text)
    {
        if (_names.TryGetValue(text, out var name))
        {
            return name;
        }

        name = text.ToString();
        _names[name] = name;
        return name;
    }

    private int StartOfCurrent => _tokens[_index].Start;

    private NodeSpan SpanFrom(int start) => NodeSpan.FromBounds(start, Math.Max(start, _prevEnd));

    private NodeSpan HereSpan => new(StartOfCurrent, 0);

    // ---------------------------------------------------------------- diagnostics and recovery

    /// <summary>Reports <c>expected what, found X</c> at the current token, unless recovering from an earlier error.</summary>
    private void ReportExpected(string what, string? help = null, string code = DiagnosticCodes.UnexpectedToken)
    {
        if (_recovering)
        {
            return;
        }

        _recovering = true;
        var current = Current;
        if (current.Kind == TokenKind.HintStart)
        {
            Diagnostics.ReportError(DiagnosticCodes.MisplacedHint, new SourceSpan(current.Start, current.Length),
                $"expected {what}, found a hint", "hints go right after SELECT, after a table name or after INSERT INTO table");
            return;
        }

        if (help is null && current.Kind == TokenKind.Identifier && Keywords.IsReserved(current.Keyword) &&
            (what.Contains("identifier", StringComparison.Ordinal) || what.Contains("name", StringComparison.Ordinal) ||
             what.Contains("alias", StringComparison.Ordinal) || what.Contains("expression", StringComparison.Ordinal)))
        {
            help = $"`{TextOf(current)}` is a reserved word; to use it as a name, quote it with back quotes: `{TextOf(current).ToString().ToLowerInvariant()}`";
            code = what.Contains("expression", StringComparison.Ordinal) ? code : DiagnosticCodes.ReservedKeywordAsIdentifier;
        }

        Diagnostics.ReportError(code, new SourceSpan(current.Start, current.Length), $"expected {what}, found {Describe(current)}", help);
    }

    /// <summary>Reports an error that does not derail parsing (the parser stays in sync).</summary>
    private void Report(string code, SourceSpan span, string message, string? help = null) =>
        Diagnostics.ReportError(code, span, message, help);

    private void SkipToStatementEnd()
    {
        while (!At(TokenKind.Semicolon) && !At(TokenKind.EndOfFile))
        {
            Advance();
        }
    }

    /// <summary>Enters one level of nesting; false (and a diagnostic, once per statement) when too deep.</summary>
    private bool Enter()
    {
        // The depth limit bounds the tree for everyone who recurses over it later; the stack probe protects
        // the parser itself on threads with small stacks.
        if (++_depth <= _options.MaxDepth && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return true;
        }

        _depth--;
        if (!_depthReported)
        {
            _depthReported = true;
            Diagnostics.ReportError(DiagnosticCodes.NestingTooDeep, new SourceSpan(Current.Start, Current.Length),
                $"the statement is nested too deeply (more than {_options.MaxDepth} levels)",
                "split it up, e.g. into views, or use IN (...) instead of long OR chains");
        }

        _recovering = true;
        return false;
    }

    private void Leave() => _depth--;

    private string Describe(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.EndOfFile:
                return "end of input";
            case TokenKind.Identifier:
                return token.Keyword != Keyword.None
                    ? $"keyword '{TextOf(token).ToString().ToUpperInvariant()}'"
                    : $"identifier '{Truncate(TextOf(token))}'";
            case TokenKind.QuotedIdentifier:
                return $"identifier {Truncate(TextOf(token))}";
            case TokenKind.String:
                return $"string {Truncate(TextOf(token))}";
            case TokenKind.Integer:
            case TokenKind.Decimal:
            case TokenKind.Double:
                return $"number '{Truncate(TextOf(token))}'";
            case TokenKind.ShortDuration:
                return $"'{Truncate(TextOf(token))}'";
            case TokenKind.HintStart:
                return "a hint";
            default:
                return $"'{KindText(token.Kind)}'";
        }
    }

    private static string Truncate(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");

    private static string KindText(TokenKind kind) => kind switch
    {
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBracket => "[",
        TokenKind.RightBracket => "]",
        TokenKind.Comma => ",",
        TokenKind.Semicolon => ";",
        TokenKind.Dot => ".",
        TokenKind.Star => "*",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Concat => "||",
        TokenKind.Equal => "=",
        TokenKind.NotEqual => "<>",
        TokenKind.BangEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.Arrow => "=>",
        TokenKind.HintStart => "/*+",
        TokenKind.HintEnd => "*/",
        TokenKind.String => "string literal",
        TokenKind.Identifier => "identifier",
        TokenKind.QuotedIdentifier => "identifier",
        TokenKind.EndOfFile => "end of input",
        _ => kind.ToString(),
    };

    private static string KeywordText(Keyword keyword) => keyword switch
    {
        Keyword.SystemTime => "SYSTEM_TIME",
        Keyword.TryCast => "TRY_CAST",
        Keyword.CurrentDate => "CURRENT_DATE",
        Keyword.CurrentTime => "CURRENT_TIME",
        Keyword.CurrentTimestamp => "CURRENT_TIMESTAMP",
        _ => keyword.ToString().ToUpperInvariant(),
    };

    // ---------------------------------------------------------------- shared small pieces

    private static bool IsStatementStart(Token token) =>
        token.Kind == TokenKind.Identifier && token.Keyword is Keyword.Select or Keyword.Insert or Keyword.Create or Keyword.Set
            or Keyword.Reset or Keyword.Explain or Keyword.With or Keyword.Values or Keyword.Drop or Keyword.Execute or Keyword.Begin;

    /// <summary>True when the token can be a bare identifier (an identifier or non-reserved keyword, or back-quoted).</summary>
    private static bool IsIdentifierToken(Token token) =>
        token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !Keywords.IsReserved(token.Keyword));

    private Identifier ParseIdentifier(string what = "an identifier")
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier && !Keywords.IsReserved(token.Keyword))
        {
            Advance();
            return new Identifier(Intern(TextOf(token)), new NodeSpan(token.Start, token.Length));
        }

        if (token.Kind == TokenKind.QuotedIdentifier)
        {
            Advance();
            return new Identifier(UnquoteIdentifier(token), new NodeSpan(token.Start, token.Length));
        }

        ReportExpected(what);
        return new Identifier(string.Empty, HereSpan);
    }

    /// <summary>An identifier after a dot: any word is allowed there, reserved or not.</summary>
    private Identifier ParseIdentifierAfterDot()
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier)
        {
            Advance();
            return new Identifier(Intern(TextOf(token)), new NodeSpan(token.Start, token.Length));
        }

        return ParseIdentifier();
    }

    private string UnquoteIdentifier(Token token)
    {
        var inner = token.Length >= 2 && _text[token.End - 1] == '`' ? _text.AsSpan(token.Start + 1, token.Length - 2) : _text.AsSpan(token.Start + 1, token.Length - 1);
        return inner.Contains('`') ? inner.ToString().Replace("``", "`", StringComparison.Ordinal) : Intern(inner);
    }

    private string UnquoteString(Token token)
    {
        var closed = token.Length >= 2 && _text[token.End - 1] == '\'';
        var inner = _text.AsSpan(token.Start + 1, token.Length - (closed ? 2 : 1));
        return inner.Contains('\'') ? inner.ToString().Replace("''", "'", StringComparison.Ordinal) : inner.ToString();
    }

    private QualifiedName ParseQualifiedName(string what = "a name")
    {
        var start = StartOfCurrent;
        var parts = new List<Identifier>(2) { ParseIdentifier(what) };
        while (At(TokenKind.Dot) && Peek(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            Advance();
            parts.Add(ParseIdentifierAfterDot());
        }

        return new QualifiedName(parts.ToEquatableArray(), SpanFrom(start));
    }

    /// <summary><c>(a, b, c)</c></summary>
    private EquatableArray<Identifier> ParseIdentifierList()
    {
        var list = new List<Identifier>();
        Expect(TokenKind.LeftParen);
        do
        {
            list.Add(ParseIdentifier("a column name"));
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RightParen);
        return list.ToEquatableArray();
    }

    private string ParseStringValue(string what, out NodeSpan span, string? help = null)
    {
        var token = Current;
        if (token.Kind == TokenKind.String)
        {
            Advance();
            span = new NodeSpan(token.Start, token.Length);
            return UnquoteString(token);
        }

        span = HereSpan;
        ReportExpected(what, help);
        return string.Empty;
    }

    /// <summary><c>'k' = 'v'</c></summary>
    private OptionPair ParseOptionPair(string? help = null)
    {
        var start = StartOfCurrent;
        var key = ParseStringValue("an option key string", out var keySpan, help ?? "options are written 'key' = 'value'");
        Expect(TokenKind.Equal, help ?? "options are written 'key' = 'value'");
        var value = ParseStringValue("an option value string", out var valueSpan,
            help ?? "option values are strings: write '4' rather than 4");
        return new OptionPair(key, value, keySpan, valueSpan, SpanFrom(start));
    }

    /// <summary><c>('k' = 'v', ...)</c></summary>
    private EquatableArray<OptionPair> ParseOptionList()
    {
        var list = new List<OptionPair>();
        Expect(TokenKind.LeftParen);
        if (!At(TokenKind.RightParen))
        {
            do
            {
                list.Add(ParseOptionPair());
            }
            while (Accept(TokenKind.Comma) && !_recovering);
        }

        Expect(TokenKind.RightParen, list.Count > 0 ? "separate options with ','" : null);
        return list.ToEquatableArray();
    }

    /// <summary>Zero or more <c>/*+ NAME(...) [, NAME(...)] */</c> blocks.</summary>
    private EquatableArray<Hint> TryParseHints()
    {
        if (!At(TokenKind.HintStart))
        {
            return default;
        }

        var hints = new List<Hint>();
        while (Accept(TokenKind.HintStart))
        {
            do
            {
                hints.Add(ParseHint());
            }
            while (Accept(TokenKind.Comma));

            if (!Accept(TokenKind.HintEnd))
            {
                ReportExpected("'*/' or ',' in the hint");
                while (!At(TokenKind.HintEnd) && !At(TokenKind.EndOfFile))
                {
                    Advance();
                }

                Accept(TokenKind.HintEnd);
            }
        }

        return hints.ToEquatableArray();
    }

    private Hint ParseHint()
    {
        var start = StartOfCurrent;
        var name = ParseIdentifierAfterDot();
        var options = new List<OptionPair>();
        var names = new List<Identifier>();
        if (Accept(TokenKind.LeftParen))
        {
            if (!At(TokenKind.RightParen))
            {
                do
                {
                    if (At(TokenKind.String))
                    {
                        options.Add(ParseOptionPair("hint options are written 'key' = 'value'"));
                    }
                    else
                    {
                        names.Add(ParseIdentifierAfterDot());
                    }
                }
                while (Accept(TokenKind.Comma) && !_recovering);
            }

            Expect(TokenKind.RightParen);
        }

        return new Hint(name, options.ToEquatableArray(), names.ToEquatableArray(), SpanFrom(start));
    }
}
