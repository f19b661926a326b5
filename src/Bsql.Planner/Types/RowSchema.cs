using System.Collections.Immutable;

namespace Bsql.Planner.Types;

/// <summary>The ordered, named columns of a row: a table's, or an operator's output.</summary>
public sealed record RowSchema(ImmutableArray<RowField> Fields)
{
    /// <summary>A schema with no column.</summary>
    public static RowSchema Empty { get; } = new(ImmutableArray<RowField>.Empty);

    /// <summary>Number of columns.</summary>
    public int Count => Fields.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public RowField this[int index] => Fields[index];

    /// <summary>Index of the column named <paramref name="name"/> (case-insensitive, as BSQL matches identifiers), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            if (string.Equals(Fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The schema with <paramref name="other"/>'s columns appended (a join's output).</summary>
    public RowSchema Concat(RowSchema other) => new(Fields.AddRange(other.Fields));

    /// <inheritdoc />
    public bool Equals(RowSchema? other) => other is not null && Fields.AsSpan().SequenceEqual(other.Fields.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => Fields.Length;

    /// <summary><c>(a BIGINT, b STRING)</c>.</summary>
    public override string ToString() => "(" + string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}")) + ")";
}
