using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Binding;

/// <summary>
/// A column visible to expressions: the table (alias) it comes from, its name and type. A <paramref name="Shadowed"/>
/// column (an outer query's column behind a subquery's own column of that name) is found only by its qualified name.
/// </summary>
internal sealed record ScopeColumn(string? Qualifier, string Name, SqlType Type, bool Shadowed = false);

/// <summary>The columns an expression can name, in the order of the plan's output row.</summary>
internal sealed class Scope(ImmutableArray<ScopeColumn> columns)
{
    public ImmutableArray<ScopeColumn> Columns { get; } = columns;

    /// <summary>True when the relation could not be bound (already reported): unknown names are then not reported again.</summary>
    public bool Poisoned { get; init; }

    public int Count => Columns.Length;

    public static Scope Empty { get; } = new(ImmutableArray<ScopeColumn>.Empty);

    public static Scope FromSchema(RowSchema schema, string? qualifier) =>
        new([.. schema.Fields.Select(f => new ScopeColumn(qualifier, f.Name, f.Type))]);

    public Scope Concat(Scope other) => new(Columns.AddRange(other.Columns)) { Poisoned = Poisoned || other.Poisoned };

    public Scope WithQualifier(string? qualifier) => new([.. Columns.Select(c => c with { Qualifier = qualifier })]) { Poisoned = Poisoned };

    public bool HasQualifier(string name) => Columns.Any(c => c.Qualifier is not null && string.Equals(c.Qualifier, name, StringComparison.OrdinalIgnoreCase));
}
