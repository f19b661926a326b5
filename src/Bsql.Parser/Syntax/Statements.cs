namespace Bsql.Parser.Syntax;

/// <summary>A whole job: statements separated by <c>;</c>.</summary>
/// <param name="Statements">The statements in order.</param>
/// <param name="Span">The whole text.</param>
public sealed record Script(EquatableArray<Statement> Statements, NodeSpan Span) : SyntaxNode(Span);

/// <summary>Base of all statements.</summary>
/// <param name="Span">Where it was written (without the terminating <c>;</c>).</param>
public abstract record Statement(NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>SET 'key' = 'value'</c> (job configuration) or a bare <c>SET</c> (list).</summary>
/// <param name="Option">The key and value, or null for a bare SET.</param>
/// <param name="Span">Where it was written.</param>
public sealed record SetStatement(OptionPair? Option, NodeSpan Span) : Statement(Span);

/// <summary><c>RESET 'key'</c> or <c>RESET</c>.</summary>
/// <param name="Key">The key, or null to reset everything.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ResetStatement(string? Key, NodeSpan Span) : Statement(Span);

/// <summary>
/// <c>CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, WATERMARK ..., PRIMARY KEY (...) NOT ENFORCED)
/// [COMMENT '...'] [PARTITIONED BY (cols)] WITH ('k' = 'v', ...)</c>
/// </summary>
/// <param name="Name">The table name.</param>
/// <param name="Temporary">True with TEMPORARY.</param>
/// <param name="IfNotExists">True with IF NOT EXISTS.</param>
/// <param name="Columns">Physical, computed and metadata columns in order.</param>
/// <param name="Watermark">The watermark, or null.</param>
/// <param name="PrimaryKey">The primary key, or null.</param>
/// <param name="Comment">The table comment, or null.</param>
/// <param name="PartitionedBy">PARTITIONED BY columns, empty when absent.</param>
/// <param name="Options">WITH options in order.</param>
/// <param name="Span">Where it was written.</param>
public sealed record CreateTableStatement(
    QualifiedName Name,
    bool Temporary,
    bool IfNotExists,
    EquatableArray<ColumnDefinition> Columns,
    WatermarkDefinition? Watermark,
    PrimaryKeyDefinition? PrimaryKey,
    string? Comment,
    EquatableArray<Identifier> PartitionedBy,
    EquatableArray<OptionPair> Options,
    NodeSpan Span) : Statement(Span);

/// <summary>Base of column definitions.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Comment">The column comment, or null.</param>
/// <param name="Span">Where it was written.</param>
public abstract record ColumnDefinition(Identifier Name, string? Comment, NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>col TYPE [NOT NULL] [COMMENT '...']</c> (NOT NULL is part of <see cref="Type"/>).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The type.</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record PhysicalColumn(Identifier Name, DataType Type, string? Comment, NodeSpan Span) : ColumnDefinition(Name, Comment, Span);

/// <summary><c>col AS expr [COMMENT '...']</c>; <c>proc AS PROCTIME()</c> is a computed column calling PROCTIME.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Expression">The computing expression.</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ComputedColumn(Identifier Name, Expr Expression, string? Comment, NodeSpan Span) : ColumnDefinition(Name, Comment, Span);

/// <summary><c>col TYPE METADATA [FROM 'key'] [VIRTUAL] [COMMENT '...']</c> (e.g. Kafka's timestamp).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The type.</param>
/// <param name="Key">The metadata key of FROM, or null (the column name is the key).</param>
/// <param name="Virtual">True with VIRTUAL (read-only).</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record MetadataColumn(Identifier Name, DataType Type, string? Key, bool Virtual, string? Comment, NodeSpan Span)
    : ColumnDefinition(Name, Comment, Span);

/// <summary><c>WATERMARK FOR ts AS ts - INTERVAL '5' SECOND</c></summary>
/// <param name="Column">The event-time column.</param>
/// <param name="Strategy">The watermark expression.</param>
/// <param name="Span">Where it was written.</param>
public sealed record WatermarkDefinition(Identifier Column, Expr Strategy, NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>[CONSTRAINT name] PRIMARY KEY (k, ...) NOT ENFORCED</c> (also written inline after a column).</summary>
/// <param name="ConstraintName">The constraint name, or null.</param>
/// <param name="Columns">Key columns.</param>
/// <param name="Span">Where it was written.</param>
public sealed record PrimaryKeyDefinition(Identifier? ConstraintName, EquatableArray<Identifier> Columns, NodeSpan Span) : SyntaxNode(Span);

/// <summary><c>CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '...'] AS query</c></summary>
/// <param name="Name">The view name.</param>
/// <param name="Temporary">True with TEMPORARY.</param>
/// <param name="IfNotExists">True with IF NOT EXISTS.</param>
/// <param name="Columns">Column aliases, empty when absent.</param>
/// <param name="Comment">The comment, or null.</param>
/// <param name="Query">The defining query.</param>
/// <param name="Span">Where it was written.</param>
public sealed record CreateViewStatement(
    QualifiedName Name, bool Temporary, bool IfNotExists, EquatableArray<Identifier> Columns, string? Comment, Query Query, NodeSpan Span)
    : Statement(Span);

/// <summary>
/// <c>CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'Namespace.Type' [LANGUAGE lang]
/// [USING ASSEMBLY 'path/to/udfs.dll']</c>
/// </summary>
/// <param name="Name">The function name.</param>
/// <param name="Temporary">True with TEMPORARY.</param>
/// <param name="System">True with TEMPORARY SYSTEM.</param>
/// <param name="IfNotExists">True with IF NOT EXISTS.</param>
/// <param name="ClassName">The implementing type.</param>
/// <param name="Language">The LANGUAGE identifier, or null.</param>
/// <param name="AssemblyPath">The USING ASSEMBLY path, or null.</param>
/// <param name="Span">Where it was written.</param>
public sealed record CreateFunctionStatement(
    QualifiedName Name, bool Temporary, bool System, bool IfNotExists, string ClassName, string? Language, string? AssemblyPath, NodeSpan Span)
    : Statement(Span);

/// <summary><c>INSERT {INTO|OVERWRITE} name [/*+ OPTIONS(...) */] [(cols)] query</c></summary>
/// <param name="Table">The sink table.</param>
/// <param name="Overwrite">True for INSERT OVERWRITE.</param>
/// <param name="Hints">Hints written after the table name.</param>
/// <param name="Columns">Target columns, empty when absent.</param>
/// <param name="Query">The source query.</param>
/// <param name="Span">Where it was written.</param>
public sealed record InsertStatement(
    QualifiedName Table, bool Overwrite, EquatableArray<Hint> Hints, EquatableArray<Identifier> Columns, Query Query, NodeSpan Span)
    : Statement(Span);

/// <summary>A bare query (previews into a print sink).</summary>
/// <param name="Query">The query.</param>
/// <param name="Span">Where it was written.</param>
public sealed record QueryStatement(Query Query, NodeSpan Span) : Statement(Span);

/// <summary><c>EXPLAIN [PLAN FOR] statement</c> or <c>EXPLAIN CHANGELOG_MODE, ESTIMATED_COST statement</c></summary>
/// <param name="Statement">The explained statement.</param>
/// <param name="PlanFor">True when written with PLAN FOR.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ExplainStatement(Statement Statement, bool PlanFor, NodeSpan Span) : Statement(Span)
{
    /// <summary>
    /// The requested details, upper case, in order (Flink's <c>ESTIMATED_COST</c>, <c>CHANGELOG_MODE</c>,
    /// <c>PLAN_ADVICE</c>, <c>JSON_EXECUTION_PLAN</c>); empty when none were written.
    /// </summary>
    public EquatableArray<string> Details { get; init; }
}

/// <summary>Kinds of dropped objects.</summary>
public enum DropKind
{
    /// <summary><c>DROP TABLE</c></summary>
    Table,

    /// <summary><c>DROP VIEW</c></summary>
    View,

    /// <summary><c>DROP FUNCTION</c></summary>
    Function,
}

/// <summary><c>DROP [TEMPORARY] {TABLE|VIEW|FUNCTION} [IF EXISTS] name</c></summary>
/// <param name="Kind">What is dropped.</param>
/// <param name="Name">Its name.</param>
/// <param name="Temporary">True with TEMPORARY.</param>
/// <param name="IfExists">True with IF EXISTS.</param>
/// <param name="Span">Where it was written.</param>
public sealed record DropStatement(DropKind Kind, QualifiedName Name, bool Temporary, bool IfExists, NodeSpan Span) : Statement(Span);

/// <summary><c>EXECUTE STATEMENT SET BEGIN INSERT ...; INSERT ...; END</c> (several INSERTs as one job).</summary>
/// <param name="Inserts">The INSERT statements.</param>
/// <param name="Span">Where it was written.</param>
public sealed record StatementSetStatement(EquatableArray<InsertStatement> Inserts, NodeSpan Span) : Statement(Span);
