namespace Bsql.Parser.Syntax;

/// <summary>Base of all expressions.</summary>
/// <param name="Span">Where it was written.</param>
public abstract record Expr(NodeSpan Span) : SyntaxNode(Span);

/// <summary>A placeholder the parser synthesizes where an expression was required but missing (always with a diagnostic).</summary>
/// <param name="Span">Where the expression was expected (usually zero length).</param>
public sealed record ErrorExpr(NodeSpan Span) : Expr(Span);

/// <summary><c>'text'</c> (the value is unescaped: <c>'it''s'</c> holds <c>it's</c>).</summary>
/// <param name="Value">The string value.</param>
/// <param name="Span">Where it was written.</param>
public sealed record StringLiteral(string Value, NodeSpan Span) : Expr(Span);

/// <summary>The lexical form of a numeric literal.</summary>
public enum NumberKind
{
    /// <summary><c>42</c></summary>
    Integer,

    /// <summary><c>0.908</c></summary>
    Decimal,

    /// <summary><c>1.5E3</c> (has an exponent)</summary>
    Double,
}

/// <summary><c>42</c>, <c>0.908</c>, <c>1.5E3</c>. The text is kept exactly so no precision is lost.</summary>
/// <param name="Text">The literal as written (unsigned).</param>
/// <param name="Kind">Integer, decimal or double.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NumberLiteral(string Text, NumberKind Kind, NodeSpan Span) : Expr(Span);

/// <summary><c>TRUE</c> / <c>FALSE</c></summary>
/// <param name="Value">The value.</param>
/// <param name="Span">Where it was written.</param>
public sealed record BooleanLiteral(bool Value, NodeSpan Span) : Expr(Span);

/// <summary><c>NULL</c></summary>
/// <param name="Span">Where it was written.</param>
public sealed record NullLiteral(NodeSpan Span) : Expr(Span);

/// <summary>The type of a typed literal.</summary>
public enum TypedLiteralKind
{
    /// <summary><c>DATE '2024-01-31'</c></summary>
    Date,

    /// <summary><c>TIME '12:00:00'</c></summary>
    Time,

    /// <summary><c>TIMESTAMP '2024-01-31 12:00:00.000'</c></summary>
    Timestamp,
}

/// <summary><c>DATE '2024-01-31'</c>, <c>TIME '12:00:00'</c>, <c>TIMESTAMP '2024-01-31 12:00:00'</c>.</summary>
/// <param name="Kind">Which type.</param>
/// <param name="Value">The string as written (validated by the binder).</param>
/// <param name="Span">Where it was written.</param>
public sealed record TypedLiteral(TypedLiteralKind Kind, string Value, NodeSpan Span) : Expr(Span);

/// <summary>Time units of INTERVAL literals and EXTRACT.</summary>
public enum TimeUnit
{
    /// <summary><c>YEAR</c></summary>
    Year,

    /// <summary><c>QUARTER</c></summary>
    Quarter,

    /// <summary><c>MONTH</c></summary>
    Month,

    /// <summary><c>WEEK</c></summary>
    Week,

    /// <summary><c>DAY</c></summary>
    Day,

    /// <summary><c>HOUR</c></summary>
    Hour,

    /// <summary><c>MINUTE</c></summary>
    Minute,

    /// <summary><c>SECOND</c></summary>
    Second,

    /// <summary><c>MILLISECOND</c></summary>
    Millisecond,

    /// <summary><c>MICROSECOND</c></summary>
    Microsecond,

    /// <summary><c>DOW</c> (day of week)</summary>
    DayOfWeek,

    /// <summary><c>DOY</c> (day of year)</summary>
    DayOfYear,

    /// <summary><c>EPOCH</c></summary>
    Epoch,
}

/// <summary><c>INTERVAL '10' SECOND</c>, <c>INTERVAL '1:30' HOUR TO MINUTE</c>, <c>INTERVAL -'1' DAY</c>.</summary>
/// <param name="Value">The quoted value as written.</param>
/// <param name="From">The leading unit.</param>
/// <param name="To">The trailing unit of a range (<c>HOUR TO MINUTE</c>), or null.</param>
/// <param name="Negative">True for <c>INTERVAL -'1' DAY</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record IntervalLiteral(string Value, TimeUnit From, TimeUnit? To, bool Negative, NodeSpan Span) : Expr(Span);

/// <summary>
/// A dotted identifier chain: <c>col</c>, <c>t.col</c>, <c>r.f.g</c>. Whether a part is a table, a column
/// or a ROW field is the binder's decision.
/// </summary>
/// <param name="Parts">The parts, at least one.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NameExpr(EquatableArray<Identifier> Parts, NodeSpan Span) : Expr(Span);

/// <summary><c>*</c> or <c>t.*</c> (in a select list), or the <c>*</c> of <c>COUNT(*)</c>.</summary>
/// <param name="Qualifier">The qualifier parts (<c>t</c> in <c>t.*</c>), empty for a bare <c>*</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record StarExpr(EquatableArray<Identifier> Qualifier, NodeSpan Span) : Expr(Span);

/// <summary><c>expr.field</c> where <c>expr</c> is not a plain name, e.g. <c>f(x).a</c> or <c>arr[1].b</c>.</summary>
/// <param name="Target">The row-valued expression.</param>
/// <param name="Field">The field.</param>
/// <param name="Span">Where it was written.</param>
public sealed record FieldAccessExpr(Expr Target, Identifier Field, NodeSpan Span) : Expr(Span);

/// <summary><c>arr[i]</c>, <c>map['k']</c></summary>
/// <param name="Target">The array or map.</param>
/// <param name="Index">The index or key.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SubscriptExpr(Expr Target, Expr Index, NodeSpan Span) : Expr(Span);

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>-x</c></summary>
    Negate,

    /// <summary><c>+x</c></summary>
    Plus,

    /// <summary><c>NOT x</c></summary>
    Not,
}

/// <summary><c>-x</c>, <c>+x</c>, <c>NOT x</c></summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
/// <param name="Span">Where it was written.</param>
public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand, NodeSpan Span) : Expr(Span);

/// <summary>Infix operators.</summary>
public enum BinaryOperator
{
    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Subtract,

    /// <summary><c>*</c></summary>
    Multiply,

    /// <summary><c>/</c></summary>
    Divide,

    /// <summary><c>%</c></summary>
    Modulo,

    /// <summary><c>||</c> (string concatenation)</summary>
    Concat,

    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> or <c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>AND</c></summary>
    And,

    /// <summary><c>OR</c></summary>
    Or,
}

/// <summary><c>a + b</c>, <c>a || b</c>, <c>a = b</c>, <c>a AND b</c> ...</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
/// <param name="Span">Where it was written.</param>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, NodeSpan Span) : Expr(Span);

/// <summary>What an IS predicate tests.</summary>
public enum IsTest
{
    /// <summary><c>IS NULL</c></summary>
    Null,

    /// <summary><c>IS TRUE</c></summary>
    True,

    /// <summary><c>IS FALSE</c></summary>
    False,

    /// <summary><c>IS UNKNOWN</c></summary>
    Unknown,
}

/// <summary><c>x IS [NOT] NULL</c>, <c>x IS [NOT] TRUE</c>, <c>x IS [NOT] FALSE</c>, <c>x IS [NOT] UNKNOWN</c></summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Test">What is tested.</param>
/// <param name="Negated">True with <c>NOT</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record IsExpr(Expr Operand, IsTest Test, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary><c>x [NOT] BETWEEN low AND high</c></summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Low">Lower bound (inclusive).</param>
/// <param name="High">Upper bound (inclusive).</param>
/// <param name="Negated">True with <c>NOT</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary><c>x [NOT] IN (a, b, c)</c></summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Items">The list.</param>
/// <param name="Negated">True with <c>NOT</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record InListExpr(Expr Operand, EquatableArray<Expr> Items, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary><c>x [NOT] IN (SELECT ...)</c></summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Query">The subquery.</param>
/// <param name="Negated">True with <c>NOT</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record InSubqueryExpr(Expr Operand, Query Query, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary><c>x [NOT] LIKE pattern [ESCAPE 'c']</c></summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Pattern">The pattern.</param>
/// <param name="Escape">The escape character expression, or null.</param>
/// <param name="Negated">True with <c>NOT</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record LikeExpr(Expr Operand, Expr Pattern, Expr? Escape, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary>
/// <c>CASE WHEN c THEN r ... [ELSE e] END</c> (searched, <see cref="Operand"/> null) or
/// <c>CASE x WHEN v THEN r ... END</c> (simple).
/// </summary>
/// <param name="Operand">The compared expression of a simple CASE, or null.</param>
/// <param name="Whens">The WHEN branches, at least one.</param>
/// <param name="Else">The ELSE result, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record CaseExpr(Expr? Operand, EquatableArray<WhenClause> Whens, Expr? Else, NodeSpan Span) : Expr(Span);

/// <summary><c>WHEN condition THEN result</c></summary>
/// <param name="Condition">The condition (or the compared value in a simple CASE).</param>
/// <param name="Result">The result.</param>
/// <param name="Span">Where it was written.</param>
public sealed record WhenClause(Expr Condition, Expr Result, NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>CAST(x AS T)</c> or <c>TRY_CAST(x AS T)</c></summary>
/// <param name="Operand">The converted expression.</param>
/// <param name="TargetType">The type converted to.</param>
/// <param name="IsTry">True for TRY_CAST (NULL instead of an error).</param>
/// <param name="Span">Where it was written.</param>
public sealed record CastExpr(Expr Operand, DataType TargetType, bool IsTry, NodeSpan Span) : Expr(Span);

/// <summary><c>EXTRACT(HOUR FROM ts)</c></summary>
/// <param name="Unit">The extracted unit.</param>
/// <param name="Source">The temporal expression.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ExtractExpr(TimeUnit Unit, Expr Source, NodeSpan Span) : Expr(Span);

/// <summary>
/// A function call: <c>f(x)</c>, <c>COUNT(*)</c>, <c>COUNT(DISTINCT x)</c>, <c>SUM(x) FILTER (WHERE c)</c>,
/// <c>PROCTIME()</c>, <c>CURRENT_TIMESTAMP</c> (niladic, printed without parentheses),
/// <c>ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts)</c>, <c>TUMBLE(ts, INTERVAL '1' MINUTE)</c> in GROUP BY,
/// and the calls inside window TVFs. Arguments may be <see cref="TableArgument"/>, <see cref="DescriptorExpr"/>
/// and <see cref="NamedArgument"/> where the function takes them.
/// </summary>
/// <param name="Name">The function name (possibly qualified).</param>
/// <param name="Arguments">The arguments (<c>COUNT(*)</c> has one <see cref="StarExpr"/>).</param>
/// <param name="Distinct">True for <c>agg(DISTINCT x)</c>.</param>
/// <param name="Filter">The <c>FILTER (WHERE ...)</c> condition, or null.</param>
/// <param name="Over">The <c>OVER (...)</c> window, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record FunctionCall(
    QualifiedName Name, EquatableArray<Expr> Arguments, bool Distinct, Expr? Filter, WindowSpec? Over, NodeSpan Span)
    : Expr(Span);

/// <summary><c>OVER (PARTITION BY k ORDER BY ts [ROWS|RANGE BETWEEN ... AND ...])</c></summary>
/// <param name="PartitionBy">Partition keys.</param>
/// <param name="OrderBy">Ordering.</param>
/// <param name="Frame">The frame, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record WindowSpec(EquatableArray<Expr> PartitionBy, EquatableArray<OrderItem> OrderBy, WindowFrame? Frame, NodeSpan Span)
    : SyntaxNode(Span)
{
    /// <summary>For <c>OVER w</c>: the name of a window of the query's <c>WINDOW w AS (...)</c> clause (the spec is then empty).</summary>
    public Identifier? Reference { get; init; }
}

/// <summary><c>WINDOW w AS (PARTITION BY ... ORDER BY ... frame)</c>: a named OVER window of a SELECT.</summary>
/// <param name="Name">The window's name.</param>
/// <param name="Spec">The window.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NamedWindow(Identifier Name, WindowSpec Spec, NodeSpan Span) : SyntaxNode(Span);

/// <summary>Frame units of an OVER window.</summary>
public enum FrameUnit
{
    /// <summary><c>ROWS</c></summary>
    Rows,

    /// <summary><c>RANGE</c></summary>
    Range,
}

/// <summary><c>ROWS BETWEEN 10 PRECEDING AND CURRENT ROW</c>, <c>RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW</c></summary>
/// <param name="Unit">ROWS or RANGE.</param>
/// <param name="Start">The start bound.</param>
/// <param name="End">The end bound, or null for the single-bound form.</param>
/// <param name="Span">Where it was written.</param>
public sealed record WindowFrame(FrameUnit Unit, FrameBound Start, FrameBound? End, NodeSpan Span) : SyntaxNode(Span);

/// <summary>Kinds of frame bounds.</summary>
public enum FrameBoundKind
{
    /// <summary><c>UNBOUNDED PRECEDING</c></summary>
    UnboundedPreceding,

    /// <summary><c>n PRECEDING</c></summary>
    Preceding,

    /// <summary><c>CURRENT ROW</c></summary>
    CurrentRow,

    /// <summary><c>n FOLLOWING</c></summary>
    Following,

    /// <summary><c>UNBOUNDED FOLLOWING</c></summary>
    UnboundedFollowing,
}

/// <summary>A frame bound: <c>UNBOUNDED PRECEDING</c>, <c>10 PRECEDING</c>, <c>CURRENT ROW</c> ...</summary>
/// <param name="Kind">Which bound.</param>
/// <param name="Offset">The offset of <c>n PRECEDING</c>/<c>n FOLLOWING</c>, else null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record FrameBound(FrameBoundKind Kind, Expr? Offset, NodeSpan Span) : SyntaxNode(Span);

/// <summary>A scalar subquery: <c>(SELECT MAX(x) FROM t)</c></summary>
/// <param name="Query">The subquery.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SubqueryExpr(Query Query, NodeSpan Span) : Expr(Span);

/// <summary><c>EXISTS (SELECT ...)</c></summary>
/// <param name="Query">The subquery.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ExistsExpr(Query Query, NodeSpan Span) : Expr(Span);

/// <summary><c>ARRAY[1, 2, 3]</c></summary>
/// <param name="Items">The elements.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ArrayConstructor(EquatableArray<Expr> Items, NodeSpan Span) : Expr(Span);

/// <summary><c>MAP['k1', v1, 'k2', v2]</c> (keys and values alternate).</summary>
/// <param name="Items">Keys and values, alternating.</param>
/// <param name="Span">Where it was written.</param>
public sealed record MapConstructor(EquatableArray<Expr> Items, NodeSpan Span) : Expr(Span);

/// <summary>A table argument of a table-valued function: <c>TABLE bid</c> in <c>TUMBLE(TABLE bid, ...)</c>.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Span">Where it was written.</param>
public sealed record TableArgument(QualifiedName Table, NodeSpan Span) : Expr(Span);

/// <summary><c>DESCRIPTOR(ts)</c>: names the time attribute column of a window TVF.</summary>
/// <param name="Columns">The named columns.</param>
/// <param name="Span">Where it was written.</param>
public sealed record DescriptorExpr(EquatableArray<Identifier> Columns, NodeSpan Span) : Expr(Span);

/// <summary>A named argument: <c>SIZE =&gt; INTERVAL '10' MINUTE</c>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The value.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NamedArgument(Identifier Name, Expr Value, NodeSpan Span) : Expr(Span);

/// <summary><c>x IS [NOT] DISTINCT FROM y</c> (NULL-safe comparison).</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
/// <param name="Negated">True for IS NOT DISTINCT FROM.</param>
/// <param name="Span">Where it was written.</param>
public sealed record IsDistinctFromExpr(Expr Left, Expr Right, bool Negated, NodeSpan Span) : Expr(Span);

/// <summary>
/// A time unit used as a function argument: the <c>HOUR</c> of <c>FLOOR(ts TO HOUR)</c> / <c>CEIL(ts TO DAY)</c>,
/// which are <see cref="FunctionCall"/>s named FLOOR/CEIL with this as the second argument.
/// </summary>
/// <param name="Unit">The unit.</param>
/// <param name="Span">Where it was written.</param>
public sealed record TimeUnitExpr(TimeUnit Unit, NodeSpan Span) : Expr(Span);

/// <summary>Which side TRIM removes characters from.</summary>
public enum TrimMode
{
    /// <summary><c>BOTH</c> (the default)</summary>
    Both,

    /// <summary><c>LEADING</c></summary>
    Leading,

    /// <summary><c>TRAILING</c></summary>
    Trailing,
}

/// <summary>
/// <c>TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)</c>. Plain <c>TRIM(s)</c> is an ordinary <see cref="FunctionCall"/>.
/// (The other special forms are normalized to calls: <c>SUBSTRING(s FROM a FOR b)</c> is <c>SUBSTRING(s, a, b)</c>,
/// <c>POSITION(a IN b)</c> is <c>POSITION(a, b)</c>, <c>OVERLAY(s PLACING r FROM p FOR l)</c> is <c>OVERLAY(s, r, p, l)</c>.)
/// </summary>
/// <param name="Mode">The trimmed side.</param>
/// <param name="Characters">The characters to remove, or null for spaces.</param>
/// <param name="Source">The trimmed string.</param>
/// <param name="Span">Where it was written.</param>
public sealed record TrimExpr(TrimMode Mode, Expr? Characters, Expr Source, NodeSpan Span) : Expr(Span);

/// <summary>What <c>JSON_VALUE</c> yields when the path finds nothing (<c>ON EMPTY</c>) or fails (<c>ON ERROR</c>).</summary>
public enum JsonBehaviorKind
{
    /// <summary><c>NULL ON ...</c> (the default).</summary>
    Null,

    /// <summary><c>ERROR ON ...</c>: the row fails.</summary>
    Error,

    /// <summary><c>DEFAULT expr ON ...</c>.</summary>
    Default,
}

/// <summary>One <c>{NULL | ERROR | DEFAULT expr} ON {EMPTY | ERROR}</c> clause of <c>JSON_VALUE</c>.</summary>
/// <param name="Kind">The behaviour.</param>
/// <param name="Default">The <c>DEFAULT</c> value, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record JsonBehavior(JsonBehaviorKind Kind, Expr? Default, NodeSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>JSON_VALUE(json, path RETURNING type [behavior ON EMPTY] [behavior ON ERROR])</c>. Plain
/// <c>JSON_VALUE(json, path)</c> is an ordinary <see cref="FunctionCall"/>.
/// </summary>
/// <param name="Json">The JSON text.</param>
/// <param name="Path">The JSON path.</param>
/// <param name="Returning">The <c>RETURNING</c> type, or null (STRING).</param>
/// <param name="OnEmpty">The <c>ON EMPTY</c> behaviour, or null (NULL).</param>
/// <param name="OnError">The <c>ON ERROR</c> behaviour, or null (NULL).</param>
/// <param name="Span">Where it was written.</param>
public sealed record JsonValueExpr(Expr Json, Expr Path, DataType? Returning, JsonBehavior? OnEmpty, JsonBehavior? OnError, NodeSpan Span) : Expr(Span);

