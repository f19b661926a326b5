using System.Collections.Immutable;
using Bsql.Planner.Types;

namespace Bsql.Planner.Functions;

/// <summary>
/// The signature of a built-in scalar or aggregate function: accepted argument counts, the type family of each
/// argument (the last family repeats for variadic functions) and the rule giving the result type.
/// </summary>
/// <param name="Name">The canonical (upper-case) name used in bound expressions.</param>
/// <param name="MinArgs">Fewest arguments.</param>
/// <param name="MaxArgs">Most arguments; <see cref="int.MaxValue"/> for variadic functions.</param>
/// <param name="Families">The family of each argument position (the last one repeats).</param>
/// <param name="Result">The result type given the argument types.</param>
/// <param name="IsAggregate">True for aggregate functions.</param>
/// <param name="Signature">The signature as shown to users, e.g. <c>SUBSTRING(s STRING, start INT [, len INT])</c>.</param>
public sealed record FunctionDefinition(
    string Name,
    int MinArgs,
    int MaxArgs,
    ImmutableArray<ArgFamily> Families,
    Func<IReadOnlyList<SqlType>, SqlType> Result,
    bool IsAggregate,
    string Signature)
{
    /// <summary>The family expected at argument <paramref name="index"/>.</summary>
    public ArgFamily FamilyAt(int index) => Families.IsEmpty ? ArgFamily.Any : Families[Math.Min(index, Families.Length - 1)];

    /// <summary>True when <paramref name="type"/> belongs to <paramref name="family"/> (NULL belongs to all).</summary>
    public static bool Accepts(ArgFamily family, SqlType type)
    {
        if (type.Kind == SqlTypeKind.Null) return true;
        return family switch
        {
            ArgFamily.Any => true,
            ArgFamily.Numeric => type.IsNumeric,
            ArgFamily.Integer => type.IsInteger,
            ArgFamily.String => type.IsString,
            ArgFamily.Binary => type.IsString || type.Kind == SqlTypeKind.Bytes,
            ArgFamily.Boolean => type.Kind == SqlTypeKind.Boolean,
            ArgFamily.Temporal => TypeRules.IsTemporal(type),
            ArgFamily.Timestamp => type.IsTimestamp || type.IsString,
            ArgFamily.DateLike => type.Kind == SqlTypeKind.Date || type.IsTimestamp || type.IsString,
            ArgFamily.TemporalOrString => TypeRules.IsTemporal(type) || type.IsString,
            ArgFamily.Collection => type.Kind is SqlTypeKind.Array or SqlTypeKind.Map,
            ArgFamily.Comparable => type.IsNumeric || type.IsString || TypeRules.IsTemporal(type) || type.Kind == SqlTypeKind.Boolean,
            _ => true,
        };
    }

    /// <summary>How the family is named in messages.</summary>
    public static string Describe(ArgFamily family) => family switch
    {
        ArgFamily.Any => "any type",
        ArgFamily.Numeric => "a numeric type",
        ArgFamily.Integer => "an integer type",
        ArgFamily.String => "STRING",
        ArgFamily.Binary => "STRING or BYTES",
        ArgFamily.Boolean => "BOOLEAN",
        ArgFamily.Temporal => "DATE, TIME or TIMESTAMP",
        ArgFamily.Timestamp => "TIMESTAMP",
        ArgFamily.DateLike => "DATE or TIMESTAMP",
        ArgFamily.TemporalOrString => "a TIMESTAMP or STRING",
        ArgFamily.Collection => "ARRAY or MAP",
        ArgFamily.Comparable => "a comparable type",
        _ => "a value",
    };
}
