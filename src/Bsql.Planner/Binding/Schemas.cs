using System.Collections.Immutable;
using System.Globalization;
using Bsql.Planner.Types;

namespace Bsql.Planner.Binding;

/// <summary>Helpers for building output schemas.</summary>
public static class Schemas
{
    /// <summary>A schema whose duplicate names get a numeric suffix (<c>starttime</c>, <c>starttime0</c>), as Flink names join outputs.</summary>
    public static RowSchema Unique(IEnumerable<RowField> fields)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<RowField>();
        foreach (var field in fields)
        {
            var name = field.Name;
            for (var i = 0; !seen.Add(name); i++) name = field.Name + i.ToString(CultureInfo.InvariantCulture);
            result.Add(name == field.Name ? field : field with { Name = name });
        }
        return new RowSchema(result.ToImmutable());
    }

    /// <summary>The schema with every time attribute marker removed (after a regular join or aggregation).</summary>
    public static RowSchema WithoutTimeAttributes(RowSchema schema) =>
        new([.. schema.Fields.Select(f => f with { Type = f.Type.WithoutTimeAttribute() })]);

    /// <summary>The schema with every column nullable (the outer side of a join).</summary>
    public static RowSchema Nullable(RowSchema schema) =>
        new([.. schema.Fields.Select(f => f with { Type = f.Type.WithNullable(true) })]);
}
