namespace Bsql.Parser.Syntax;

/// <summary>Base of FROM items: tables, subqueries, joins, table functions.</summary>
/// <param name="Span">Where it was written.</param>
public abstract record TableRef(NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>[AS] alias [(c1, c2)]</c></summary>
/// <param name="Name">The alias.</param>
/// <param name="Columns">Column aliases, empty when absent.</param>
/// <param name="Span">Where it was written.</param>
public sealed record TableAlias(Identifier Name, EquatableArray<Identifier> Columns, NodeSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>name [/*+ OPTIONS(...) */] [FOR SYSTEM_TIME AS OF expr] [[AS] alias]</c>. With
/// <see cref="SystemTimeAsOf"/> on the right of a join this is a lookup (dimension table) join.
/// </summary>
/// <param name="Name">The table or view name.</param>
/// <param name="Hints">Hints written after the name.</param>
/// <param name="SystemTimeAsOf">The time attribute of <c>FOR SYSTEM_TIME AS OF</c>, or null.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record NamedTableRef(QualifiedName Name, EquatableArray<Hint> Hints, Expr? SystemTimeAsOf, TableAlias? Alias, NodeSpan Span)
    : TableRef(Span);

/// <summary><c>[LATERAL] (query) [AS] alias</c></summary>
/// <param name="Query">The subquery.</param>
/// <param name="Lateral">True with LATERAL.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record DerivedTableRef(Query Query, bool Lateral, TableAlias? Alias, NodeSpan Span) : TableRef(Span);

/// <summary>
/// <c>[LATERAL] TABLE(f(...)) [[AS] alias]</c>: window TVFs
/// <c>TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND))</c>, HOP, CUMULATE (positional or named
/// arguments) and user table functions.
/// </summary>
/// <param name="Call">The table function call.</param>
/// <param name="Lateral">True with LATERAL.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record TableFunctionRef(FunctionCall Call, bool Lateral, TableAlias? Alias, NodeSpan Span) : TableRef(Span);

/// <summary><c>UNNEST(arr) [WITH ORDINALITY] [AS] t(x)</c></summary>
/// <param name="Arguments">The unnested arrays/maps.</param>
/// <param name="WithOrdinality">True with WITH ORDINALITY.</param>
/// <param name="Alias">The alias, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record UnnestTableRef(EquatableArray<Expr> Arguments, bool WithOrdinality, TableAlias? Alias, NodeSpan Span) : TableRef(Span);

/// <summary>Join kinds.</summary>
public enum JoinKind
{
    /// <summary><c>[INNER] JOIN</c></summary>
    Inner,

    /// <summary><c>LEFT [OUTER] JOIN</c></summary>
    Left,

    /// <summary><c>RIGHT [OUTER] JOIN</c></summary>
    Right,

    /// <summary><c>FULL [OUTER] JOIN</c></summary>
    Full,

    /// <summary><c>CROSS JOIN</c> (no condition)</summary>
    Cross,
}

/// <summary>
/// <c>left [INNER|LEFT|RIGHT|FULL|CROSS] JOIN right [ON cond | USING (cols)]</c>. Chains are left-deep.
/// A lookup join is a join whose right side is a <see cref="NamedTableRef"/> with <c>FOR SYSTEM_TIME AS OF</c>.
/// </summary>
/// <param name="Kind">The join kind.</param>
/// <param name="Left">Left input.</param>
/// <param name="Right">Right input.</param>
/// <param name="On">The ON condition, or null (CROSS JOIN, USING).</param>
/// <param name="Using">USING columns, empty when absent.</param>
/// <param name="Span">Where it was written.</param>
public sealed record JoinTableRef(JoinKind Kind, TableRef Left, TableRef Right, Expr? On, EquatableArray<Identifier> Using, NodeSpan Span)
    : TableRef(Span);

/// <summary>
/// The BSQL delayed window join (SJoin): <c>a LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN b ON a.k = b.k</c>.
/// Chains are left-deep: the result of the first join is the left input of the next.
/// </summary>
/// <param name="Left">Left (driving) input.</param>
/// <param name="Right">Right input.</param>
/// <param name="Global">True for <c>LEFT(GLOBAL)</c> (state in the job's global store).</param>
/// <param name="Window">The window W: a right row matches when <c>a.ts &lt;= b.ts &lt; a.ts + W</c>.</param>
/// <param name="Delay">The delay D: output for <c>a</c> appears when the watermark reaches <c>a.ts + W + D</c>.</param>
/// <param name="On">The join condition.</param>
/// <param name="Span">Where it was written.</param>
public sealed record DelayedWindowJoin(TableRef Left, TableRef Right, bool Global, Duration Window, Duration Delay, Expr On, NodeSpan Span)
    : TableRef(Span);
