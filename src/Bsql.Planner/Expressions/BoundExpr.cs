using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Bsql.Planner.Types;

namespace Bsql.Planner.Expressions;

/// <summary>
/// A resolved, typed scalar expression over one input row, the form in which expressions reach the
/// physical plan and the runtime (which compiles them once per job). Column references are by
/// position; functions and operators by canonical name (see <see cref="Call"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "expr")]
[JsonDerivedType(typeof(InputRef), "input")]
[JsonDerivedType(typeof(Literal), "literal")]
[JsonDerivedType(typeof(Call), "call")]
[JsonDerivedType(typeof(CastExpr), "cast")]
[JsonDerivedType(typeof(CaseExpr), "case")]
[JsonDerivedType(typeof(FieldAccess), "field")]
public abstract record BoundExpr(SqlType Type);

/// <summary>The input column at <paramref name="Index"/> (for a two-input operator: left columns, then right).</summary>
public sealed record InputRef(int Index, SqlType Type) : BoundExpr(Type);

/// <summary>
/// A constant. <paramref name="Value"/> holds the runtime representation of <paramref name="Type"/>
/// (see <see cref="SqlTypeKind"/>), or null for SQL NULL.
/// </summary>
public sealed record Literal(object? Value, SqlType Type) : BoundExpr(Type)
{
    /// <inheritdoc />
    public bool Equals(Literal? other) => other is not null && Type.Equals(other.Type) && LiteralValues.AreEqual(Value, other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value?.GetType());
}

/// <summary>
/// A call of a built-in operator or function, or of a user-defined function. Operators use their
/// SQL spelling (<c>+ - * / % = &lt;&gt; &lt; &lt;= &gt; &gt;= AND OR NOT || IS NULL IS NOT NULL LIKE IN</c>,
/// unary minus is <c>NEGATE</c>); functions their upper-case name (<c>UPPER</c>, <c>DATE_FORMAT</c>,
/// <c>PROCTIME</c>...). <c>IN</c> takes the probe first, then the list.
/// </summary>
public sealed record Call(string Function, ImmutableArray<BoundExpr> Args, SqlType Type) : BoundExpr(Type)
{
    /// <inheritdoc />
    public bool Equals(Call? other) =>
        other is not null && Function == other.Function && Type.Equals(other.Type) && Args.AsSpan().SequenceEqual(other.Args.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Function, Args.Length, Type);
}

/// <summary><c>CAST(operand AS type)</c>, or <c>TRY_CAST</c> (NULL instead of an error) when <paramref name="Try"/>.</summary>
public sealed record CastExpr(BoundExpr Operand, SqlType Type, bool Try) : BoundExpr(Type);

/// <summary>One <c>WHEN condition THEN result</c> arm of a searched CASE.</summary>
public sealed record CaseArm(BoundExpr When, BoundExpr Then);

/// <summary>A searched <c>CASE WHEN c THEN r ... ELSE e END</c> (simple CASE is lowered to this form).</summary>
public sealed record CaseExpr(ImmutableArray<CaseArm> Arms, BoundExpr? Else, SqlType Type) : BoundExpr(Type)
{
    /// <inheritdoc />
    public bool Equals(CaseExpr? other) =>
        other is not null && Type.Equals(other.Type) && Equals(Else, other.Else) && Arms.AsSpan().SequenceEqual(other.Arms.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Arms.Length, Else, Type);
}

/// <summary>Field <paramref name="FieldIndex"/> of a ROW-typed <paramref name="Row"/> (<c>r.f</c>), NULL when the row is NULL.</summary>
public sealed record FieldAccess(BoundExpr Row, int FieldIndex, SqlType Type) : BoundExpr(Type);
