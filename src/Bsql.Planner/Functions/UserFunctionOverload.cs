using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Functions;

/// <summary>One <c>Eval</c> method of a user-defined scalar function, in SQL types.</summary>
/// <param name="Parameters">The parameter types, in order.</param>
/// <param name="Result">The result type (always nullable: a function may return NULL).</param>
public sealed record UserFunctionOverload(ImmutableArray<SqlType> Parameters, SqlType Result)
{
    /// <summary>The signature as shown in diagnostics, e.g. <c>(STRING, INT) → BIGINT</c>.</summary>
    public string Describe() => "(" + string.Join(", ", Parameters.Select(p => p.WithNullable(true).ToString())) + ") → " + Result;

    /// <inheritdoc />
    public bool Equals(UserFunctionOverload? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters.AsSpan()) && Result.Equals(other.Result);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Parameters.Length, Result);
}
