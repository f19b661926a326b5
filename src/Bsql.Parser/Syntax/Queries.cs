namespace Bsql.Parser.Syntax;

/// <summary>
/// A full query: <c>[WITH cte AS (...), ...] body [ORDER BY ...] [LIMIT n] [OFFSET m]</c>.
/// </summary>
/// <param name="With">Common table expressions, empty when there is no WITH.</param>
/// <param name="Body">The SELECT, set operation, VALUES or parenthesized query.</param>
/// <param name="OrderBy">ORDER BY items, empty when absent.</param>
/// <param name="Limit">The LIMIT expression, or null.</param>
/// <param name="Offset">The OFFSET expression, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record Query(
    EquatableArray<CommonTableExpr> With, QueryBody Body, EquatableArray<OrderItem> OrderBy, Expr? Limit, Expr? Offset, NodeSpan Span)
    : SyntaxNode(Span);

/// <summary><c>name [(cols)] AS (query)</c> in a WITH clause.</summary>
/// <param name="Name">The CTE name.</param>
/// <param name="Columns">Column aliases, empty when absent.</param>
/// <param name="Query">The query.</param>
/// <param name="Span">Where it was written.</param>
public sealed record CommonTableExpr(Identifier Name, EquatableArray<Identifier> Columns, Query Query, NodeSpan Span) : SyntaxNode(Span);

/// <summary>The body of a query (what set operations combine).</summary>
/// <param name="Span">Where it was written.</param>
public abstract record QueryBody(NodeSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>SELECT [/*+ hints */] [DISTINCT] items [FROM refs] [WHERE c] [GROUP BY keys] [HAVING c]</c>
/// </summary>
/// <param name="Hints">Hints written right after SELECT.</param>
/// <param name="Distinct">True for SELECT DISTINCT.</param>
/// <param name="Items">The select list.</param>
/// <param name="From">The comma-separated FROM items (an implicit cross join), empty without FROM.</param>
/// <param name="Where">The WHERE condition, or null.</param>
/// <param name="GroupBy">GROUP BY keys (group windows such as <c>TUMBLE(ts, INTERVAL '1' MINUTE)</c> are function calls).</param>
/// <param name="Having">The HAVING condition, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SelectBody(
    EquatableArray<Hint> Hints,
    bool Distinct,
    EquatableArray<SelectItem> Items,
    EquatableArray<TableRef> From,
    Expr? Where,
    EquatableArray<Expr> GroupBy,
    Expr? Having,
    NodeSpan Span) : QueryBody(Span)
{
    /// <summary>The <c>WINDOW w AS (...)</c> clause's named windows (empty when absent).</summary>
    public EquatableArray<NamedWindow> Windows { get; init; }
}

/// <summary>Set operators.</summary>
public enum SetOperator
{
    /// <summary><c>UNION</c></summary>
    Union,

    /// <summary><c>INTERSECT</c></summary>
    Intersect,

    /// <summary><c>EXCEPT</c> (also written <c>MINUS</c>)</summary>
    Except,
}

/// <summary><c>left UNION [ALL] right</c>, <c>INTERSECT</c>, <c>EXCEPT</c> (left-associative; INTERSECT binds tighter).</summary>
/// <param name="Operator">The set operator.</param>
/// <param name="All">True with ALL (keep duplicates).</param>
/// <param name="Left">Left input.</param>
/// <param name="Right">Right input.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SetOperationBody(SetOperator Operator, bool All, QueryBody Left, QueryBody Right, NodeSpan Span) : QueryBody(Span);

/// <summary>
/// A parenthesized query used as a body when it has its own WITH, ORDER BY, LIMIT or OFFSET:
/// <c>(SELECT ... ORDER BY ... LIMIT 1) UNION ALL ...</c>. Parentheses that only group are not kept.
/// </summary>
/// <param name="Query">The inner query.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NestedQueryBody(Query Query, NodeSpan Span) : QueryBody(Span);

/// <summary><c>VALUES (1, 'a'), (2, 'b')</c></summary>
/// <param name="Rows">The rows.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ValuesBody(EquatableArray<ValuesRow> Rows, NodeSpan Span) : QueryBody(Span);

/// <summary>One row of VALUES: <c>(1, 'a')</c>.</summary>
/// <param name="Values">The values.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ValuesRow(EquatableArray<Expr> Values, NodeSpan Span) : SyntaxNode(Span);

/// <summary>A select list item: <c>expr [AS] alias</c>, <c>*</c> or <c>t.*</c> (a <see cref="StarExpr"/>).</summary>
/// <param name="Expr">The expression.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SelectItem(Expr Expr, Identifier? Alias, NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>expr [ASC|DESC] [NULLS FIRST|LAST]</c></summary>
/// <param name="Expr">The sort key.</param>
/// <param name="Descending">True for DESC.</param>
/// <param name="NullsFirst">True for NULLS FIRST, false for NULLS LAST, null when not written.</param>
/// <param name="Span">Where it was written.</param>
public sealed record OrderItem(Expr Expr, bool Descending, bool? NullsFirst, NodeSpan Span) : SyntaxNode(Span);
