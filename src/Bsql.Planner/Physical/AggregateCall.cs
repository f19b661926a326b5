using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// One aggregate of an aggregation operator: <c>function([DISTINCT] args) [FILTER (WHERE filter)]</c>.
/// </summary>
/// <param name="Args">Input column indices (empty for COUNT(*); LISTAGG may have a second, constant separator column).</param>
/// <param name="FilterIndex">Input column of the BOOLEAN FILTER condition, or -1.</param>
/// <param name="Name">Output column name.</param>
public sealed record AggregateCall(
    AggregateFunction Function, ImmutableArray<int> Args, bool Distinct, int FilterIndex, SqlType Type, string Name)
{
    /// <inheritdoc />
    public bool Equals(AggregateCall? other) =>
        other is not null && Function == other.Function && Distinct == other.Distinct && FilterIndex == other.FilterIndex
        && Type.Equals(other.Type) && Name == other.Name && Args.AsSpan().SequenceEqual(other.Args.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Function, Args.Length, Name);
}
