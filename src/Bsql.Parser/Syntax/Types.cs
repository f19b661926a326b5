namespace Bsql.Parser.Syntax;

/// <summary>A data type as written in DDL, CAST or a catalog: <c>BIGINT</c>, <c>DECIMAL(10, 2) NOT NULL</c>, <c>ROW&lt;a INT&gt;</c>.</summary>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public abstract record DataType(bool NotNull, NodeSpan Span) : SyntaxNode(Span);

/// <summary>The names of the scalar (non-nested) types.</summary>
public enum ScalarTypeKind
{
    /// <summary><c>BOOLEAN</c></summary>
    Boolean,

    /// <summary><c>TINYINT</c></summary>
    TinyInt,

    /// <summary><c>SMALLINT</c></summary>
    SmallInt,

    /// <summary><c>INT</c> / <c>INTEGER</c></summary>
    Int,

    /// <summary><c>BIGINT</c></summary>
    BigInt,

    /// <summary><c>FLOAT</c> / <c>REAL</c></summary>
    Float,

    /// <summary><c>DOUBLE</c> / <c>DOUBLE PRECISION</c></summary>
    Double,

    /// <summary><c>DECIMAL(p, s)</c> / <c>DEC</c> / <c>NUMERIC</c></summary>
    Decimal,

    /// <summary><c>CHAR(n)</c></summary>
    Char,

    /// <summary><c>VARCHAR(n)</c>; without a length it is an unbounded string as in Flink's DDL</summary>
    VarChar,

    /// <summary><c>STRING</c> (VARCHAR of maximum length)</summary>
    String,

    /// <summary><c>BINARY(n)</c></summary>
    Binary,

    /// <summary><c>VARBINARY(n)</c></summary>
    VarBinary,

    /// <summary><c>BYTES</c> (VARBINARY of maximum length)</summary>
    Bytes,

    /// <summary><c>DATE</c></summary>
    Date,

    /// <summary><c>TIME(p)</c></summary>
    Time,

    /// <summary><c>TIMESTAMP(p)</c> / <c>TIMESTAMP(p) WITHOUT TIME ZONE</c></summary>
    Timestamp,

    /// <summary><c>TIMESTAMP_LTZ(p)</c> / <c>TIMESTAMP(p) WITH LOCAL TIME ZONE</c></summary>
    TimestampLtz,
}

/// <summary><c>INT</c>, <c>VARCHAR(20)</c>, <c>DECIMAL(10, 2)</c>, <c>TIMESTAMP(3)</c>, <c>TIMESTAMP_LTZ(3)</c>.</summary>
/// <param name="Kind">Which type.</param>
/// <param name="Precision">Length or precision when written, e.g. 20 in <c>VARCHAR(20)</c>.</param>
/// <param name="Scale">Scale when written, e.g. 2 in <c>DECIMAL(10, 2)</c>.</param>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ScalarType(ScalarTypeKind Kind, int? Precision, int? Scale, bool NotNull, NodeSpan Span)
    : DataType(NotNull, Span);

/// <summary><c>ARRAY&lt;T&gt;</c></summary>
/// <param name="ElementType">The element type.</param>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record ArrayType(DataType ElementType, bool NotNull, NodeSpan Span) : DataType(NotNull, Span);

/// <summary><c>MULTISET&lt;T&gt;</c></summary>
/// <param name="ElementType">The element type.</param>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record MultisetType(DataType ElementType, bool NotNull, NodeSpan Span) : DataType(NotNull, Span);

/// <summary><c>MAP&lt;K, V&gt;</c></summary>
/// <param name="KeyType">The key type.</param>
/// <param name="ValueType">The value type.</param>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record MapType(DataType KeyType, DataType ValueType, bool NotNull, NodeSpan Span) : DataType(NotNull, Span);

/// <summary><c>ROW&lt;name T, ...&gt;</c> (also written <c>ROW(name T, ...)</c>).</summary>
/// <param name="Fields">The fields in order.</param>
/// <param name="NotNull">True when followed by <c>NOT NULL</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record RowType(EquatableArray<RowField> Fields, bool NotNull, NodeSpan Span) : DataType(NotNull, Span);

/// <summary>A field of a ROW type: <c>name T ['description']</c>.</summary>
/// <param name="Name">Field name.</param>
/// <param name="Type">Field type.</param>
/// <param name="Description">Optional description string.</param>
/// <param name="Span">Where it was written.</param>
public sealed record RowField(Identifier Name, DataType Type, string? Description, NodeSpan Span) : SyntaxNode(Span);
