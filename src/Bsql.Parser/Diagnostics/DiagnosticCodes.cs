namespace Bsql.Parser.Diagnostics;

/// <summary>
/// The parser's diagnostic codes (band <c>BSQL1xxx</c>). Codes are stable: a retired code is never reused.
/// The planner owns <c>BSQL2xxx</c> (binding, planning) and <c>BSQL3xxx</c> (connector options).
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>A character that cannot start any token.</summary>
    public const string UnexpectedCharacter = "BSQL1001";

    /// <summary>A string literal without its closing quote.</summary>
    public const string UnterminatedString = "BSQL1002";

    /// <summary>A block comment without its closing <c>*/</c>.</summary>
    public const string UnterminatedComment = "BSQL1003";

    /// <summary>A token other than the one the grammar requires: <c>expected X, found Y</c>.</summary>
    public const string UnexpectedToken = "BSQL1004";

    /// <summary>A back-quoted identifier without its closing back quote.</summary>
    public const string UnterminatedQuotedIdentifier = "BSQL1005";

    /// <summary>Two statements not separated by <c>;</c>.</summary>
    public const string MissingSemicolon = "BSQL1006";

    /// <summary>Nesting deeper than <c>ParserOptions.MaxDepth</c>.</summary>
    public const string NestingTooDeep = "BSQL1007";

    /// <summary>A malformed or out-of-range number.</summary>
    public const string InvalidNumber = "BSQL1008";

    /// <summary>A short duration with an unknown unit or a malformed value, e.g. <c>1x</c>.</summary>
    public const string InvalidDuration = "BSQL1009";

    /// <summary>A short duration such as <c>10m</c> where an expression is expected.</summary>
    public const string ShortDurationInExpression = "BSQL1010";

    /// <summary>An unknown data type name.</summary>
    public const string UnknownDataType = "BSQL1011";

    /// <summary>A type parameter (length, precision, scale) that is missing, not allowed or out of range.</summary>
    public const string InvalidTypeParameter = "BSQL1012";

    /// <summary>An expression was required.</summary>
    public const string ExpectedExpression = "BSQL1013";

    /// <summary>A statement was required.</summary>
    public const string ExpectedStatement = "BSQL1014";

    /// <summary><c>WATERMARK FOR col</c> not followed by <c>AS expr</c>.</summary>
    public const string WatermarkMissingAs = "BSQL1015";

    /// <summary>A <c>PRIMARY KEY</c> without <c>NOT ENFORCED</c> (Flink does not enforce keys).</summary>
    public const string PrimaryKeyNotEnforced = "BSQL1016";

    /// <summary>A second WATERMARK or PRIMARY KEY in one table.</summary>
    public const string DuplicateTableConstraint = "BSQL1017";

    /// <summary>A malformed delayed window join head, e.g. <c>LEFT(GLOBAL)</c> not followed by <c>&lt;dur&gt; WINDOW</c>.</summary>
    public const string InvalidDelayedJoin = "BSQL1018";

    /// <summary>A delayed window join missing <c>AND &lt;dur&gt; DELAY</c>.</summary>
    public const string DelayedJoinMissingDelay = "BSQL1019";

    /// <summary>A hint <c>/*+ ... */</c> where hints are not allowed.</summary>
    public const string MisplacedHint = "BSQL1020";

    /// <summary>A hint without its closing <c>*/</c>.</summary>
    public const string UnterminatedHint = "BSQL1021";

    /// <summary>A malformed INTERVAL literal (value does not fit the unit, or a bad unit range).</summary>
    public const string InvalidInterval = "BSQL1022";

    /// <summary>A join that needs a condition (<c>ON</c> or <c>USING</c>) but has none.</summary>
    public const string JoinMissingCondition = "BSQL1023";

    /// <summary>A reserved keyword used as an identifier without back quotes.</summary>
    public const string ReservedKeywordAsIdentifier = "BSQL1024";

    /// <summary>An empty input where one expression or type was required.</summary>
    public const string EmptyInput = "BSQL1025";

    /// <summary>A construct that is valid SQL but not supported by BSQL yet.</summary>
    public const string NotSupported = "BSQL1026";
}
