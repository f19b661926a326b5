using Bsql.Parser.Diagnostics;

namespace Bsql.Parser.Lexing;

/// <summary>
/// Turns text into tokens in one pass. Tokens hold offsets into the text (no substrings); keywords are
/// recognized case-insensitively; comments are skipped; hints <c>/*+ ... */</c> become
/// <see cref="TokenKind.HintStart"/> ... <see cref="TokenKind.HintEnd"/>. Lexical errors are reported and the
/// offending characters skipped, so the token stream always ends with <see cref="TokenKind.EndOfFile"/>.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens;
    private readonly List<SourceSpan>? _comments;
    private int _pos;
    private int _hintStart = -1;

    private Lexer(string text, DiagnosticBag diagnostics, List<SourceSpan>? comments)
    {
        _text = text;
        _diagnostics = diagnostics;
        _comments = comments;
        _tokens = new List<Token>(Math.Max(16, text.Length / 4));
    }

    /// <summary>Tokenizes the text; comment spans (not hints) are added to <paramref name="comments"/> when given.</summary>
    public static Token[] Tokenize(string text, DiagnosticBag diagnostics, List<SourceSpan>? comments = null)
    {
        var lexer = new Lexer(text, diagnostics, comments);
        lexer.Run();
        return [.. lexer._tokens];
    }

    private void Run()
    {
        var text = _text;
        while (true)
        {
            SkipTrivia();
            if (_pos >= text.Length)
            {
                break;
            }

            var start = _pos;
            var c = text[_pos];
            if (IsIdentifierStart(c))
            {
                _pos++;
                while (_pos < text.Length && IsIdentifierPart(text[_pos]))
                {
                    _pos++;
                }

                Add(TokenKind.Identifier, Keywords.Lookup(text.AsSpan(start, _pos - start)), start);
                continue;
            }

            if (IsDigit(c) || (c == '.' && _pos + 1 < text.Length && IsDigit(text[_pos + 1])))
            {
                LexNumber(start);
                continue;
            }

            switch (c)
            {
                case '\'':
                    LexQuoted(start, '\'', TokenKind.String, DiagnosticCodes.UnterminatedString, "unterminated string literal",
                        "close the string with `'`; write `''` for a quote inside it");
                    break;
                case '`':
                    LexQuoted(start, '`', TokenKind.QuotedIdentifier, DiagnosticCodes.UnterminatedQuotedIdentifier,
                        "unterminated quoted identifier", "close the identifier with a back quote; write ``` `` ``` for a back quote inside it");
                    break;
                case '(': Single(TokenKind.LeftParen); break;
                case ')': Single(TokenKind.RightParen); break;
                case '[': Single(TokenKind.LeftBracket); break;
                case ']': Single(TokenKind.RightBracket); break;
                case ',': Single(TokenKind.Comma); break;
                case ';': Single(TokenKind.Semicolon); break;
                case '.': Single(TokenKind.Dot); break;
                case '+': Single(TokenKind.Plus); break;
                case '-': Single(TokenKind.Minus); break;
                case '%': Single(TokenKind.Percent); break;
                case '/': Single(TokenKind.Slash); break;
                case '*':
                    if (_hintStart >= 0 && Next(1) == '/')
                    {
                        _pos += 2;
                        Add(TokenKind.HintEnd, Keyword.None, start);
                        _hintStart = -1;
                    }
                    else
                    {
                        Single(TokenKind.Star);
                    }

                    break;
                case '|':
                    if (Next(1) == '|')
                    {
                        _pos += 2;
                        Add(TokenKind.Concat, Keyword.None, start);
                    }
                    else
                    {
                        BadCharacter(start, "use `||` to concatenate strings");
                    }

                    break;
                case '=':
                    if (Next(1) == '>')
                    {
                        _pos += 2;
                        Add(TokenKind.Arrow, Keyword.None, start);
                    }
                    else
                    {
                        Single(TokenKind.Equal);
                    }

                    break;
                case '<':
                    if (Next(1) == '>')
                    {
                        _pos += 2;
                        Add(TokenKind.NotEqual, Keyword.None, start);
                    }
                    else if (Next(1) == '=')
                    {
                        _pos += 2;
                        Add(TokenKind.LessEqual, Keyword.None, start);
                    }
                    else
                    {
                        Single(TokenKind.Less);
                    }

                    break;
                case '>':
                    if (Next(1) == '=')
                    {
                        _pos += 2;
                        Add(TokenKind.GreaterEqual, Keyword.None, start);
                    }
                    else
                    {
                        Single(TokenKind.Greater);
                    }

                    break;
                case '!':
                    if (Next(1) == '=')
                    {
                        _pos += 2;
                        Add(TokenKind.BangEqual, Keyword.None, start);
                    }
                    else
                    {
                        BadCharacter(start, "use `NOT` for negation and `<>` for inequality");
                    }

                    break;
                case '"':
                    BadCharacter(start, "quote identifiers with back quotes (`name`) and strings with single quotes ('text')");
                    break;
                case '$':
                    BadCharacter(start, Next(1) == '{' ? "`${...}` placeholders are only substituted inside string literals, e.g. '${env:NAME}'" : null);
                    break;
                default:
                    BadCharacter(start, null);
                    break;
            }
        }

        if (_hintStart >= 0)
        {
            _diagnostics.ReportError(DiagnosticCodes.UnterminatedHint, new SourceSpan(_hintStart, 3), "unterminated hint",
                "close the hint with `*/`");
        }

        _tokens.Add(new Token(TokenKind.EndOfFile, Keyword.None, _text.Length, 0));
    }

    private char Next(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void Single(TokenKind kind)
    {
        _tokens.Add(new Token(kind, Keyword.None, _pos, 1));
        _pos++;
    }

    private void Add(TokenKind kind, Keyword keyword, int start) => _tokens.Add(new Token(kind, keyword, start, _pos - start));

    private void BadCharacter(int start, string? help)
    {
        var length = char.IsHighSurrogate(_text[start]) && start + 1 < _text.Length ? 2 : 1;
        _pos = start + length;
        _diagnostics.ReportError(DiagnosticCodes.UnexpectedCharacter, new SourceSpan(start, length),
            $"unexpected character '{_text.Substring(start, length)}'", help);
    }

    private void SkipTrivia()
    {
        var text = _text;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c is ' ' or '\n' or '\r' or '\t' || (c > 127 && char.IsWhiteSpace(c)))
            {
                _pos++;
            }
            else if (c == '-' && Next(1) == '-')
            {
                var end = text.IndexOf('\n', _pos);
                _comments?.Add(SourceSpan.FromBounds(_pos, end < 0 ? text.Length : end));
                _pos = end < 0 ? text.Length : end + 1;
            }
            else if (c == '/' && Next(1) == '*')
            {
                if (Next(2) == '+' && _hintStart < 0)
                {
                    // A hint is a token sequence, not trivia.
                    _hintStart = _pos;
                    _pos += 3;
                    Add(TokenKind.HintStart, Keyword.None, _hintStart);
                    continue;
                }

                var end = text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _diagnostics.ReportError(DiagnosticCodes.UnterminatedComment, new SourceSpan(_pos, 2), "unterminated block comment",
                        "close the comment with `*/`");
                    _pos = text.Length;
                }
                else
                {
                    _comments?.Add(SourceSpan.FromBounds(_pos, end + 2));
                    _pos = end + 2;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void LexQuoted(int start, char quote, TokenKind kind, string code, string message, string help)
    {
        var text = _text;
        _pos++;
        while (true)
        {
            var close = text.IndexOf(quote, _pos);
            if (close < 0)
            {
                _pos = text.Length;
                var lineEnd = text.IndexOf('\n', start);
                var length = (lineEnd < 0 ? text.Length : lineEnd) - start;
                _diagnostics.ReportError(code, new SourceSpan(start, Math.Max(1, length)), message, help);
                Add(kind, Keyword.None, start);
                return;
            }

            if (close + 1 < text.Length && text[close + 1] == quote)
            {
                _pos = close + 2;
                continue;
            }

            _pos = close + 1;
            Add(kind, Keyword.None, start);
            return;
        }
    }

    private void LexNumber(int start)
    {
        var text = _text;
        var kind = TokenKind.Integer;
        while (_pos < text.Length && IsDigit(text[_pos]))
        {
            _pos++;
        }

        if (_pos < text.Length && text[_pos] == '.' && _pos + 1 < text.Length && IsDigit(text[_pos + 1]))
        {
            kind = TokenKind.Decimal;
            _pos++;
            while (_pos < text.Length && IsDigit(text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < text.Length && (text[_pos] is 'e' or 'E'))
        {
            var p = _pos + 1;
            if (p < text.Length && (text[p] is '+' or '-'))
            {
                p++;
            }

            if (p < text.Length && IsDigit(text[p]))
            {
                kind = TokenKind.Double;
                _pos = p;
                while (_pos < text.Length && IsDigit(text[_pos]))
                {
                    _pos++;
                }
            }
        }

        if (_pos < text.Length && IsIdentifierStart(text[_pos]))
        {
            // `10m`, `1h`, `500ms`: a short duration (the parser validates the unit where a duration is allowed).
            kind = TokenKind.ShortDuration;
            while (_pos < text.Length && IsIdentifierPart(text[_pos]))
            {
                _pos++;
            }
        }

        Add(kind, Keyword.None, start);
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsIdentifierStart(char c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_' || (c > 127 && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_' || IsDigit(c) || c == '$' || (c > 127 && char.IsLetterOrDigit(c));
}
