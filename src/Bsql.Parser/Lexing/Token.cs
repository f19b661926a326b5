namespace Bsql.Parser.Lexing;

/// <summary>A token: its kind, its keyword (for identifiers) and where it is; the text stays in the source.</summary>
internal readonly record struct Token(TokenKind Kind, Keyword Keyword, int Start, int Length)
{
    public int End => Start + Length;
}
