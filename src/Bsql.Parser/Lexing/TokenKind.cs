namespace Bsql.Parser.Lexing;

/// <summary>Kinds of tokens.</summary>
internal enum TokenKind : byte
{
    EndOfFile,
    Identifier,          // also keywords: Token.Keyword tells which
    QuotedIdentifier,    // `name`
    String,              // 'text'
    Integer,             // 42
    Decimal,             // 4.2
    Double,              // 4.2E1
    ShortDuration,       // 10m, 1h, 500ms (or a malformed one like 1x)
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Semicolon,
    Dot,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Concat,              // ||
    Equal,
    NotEqual,            // <>
    BangEqual,           // !=
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Arrow,               // =>
    HintStart,           // /*+
    HintEnd,             // */ closing a hint
    Bad,                 // a character that starts no token (reported by the lexer)
}
