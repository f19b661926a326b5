namespace Bsql.Parser.Syntax;

/// <summary>Factory methods for <see cref="EquatableArray{T}"/> (also the collection-expression builder).</summary>
public static class EquatableArray
{
    /// <summary>Copies a span into a new equatable array.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? default : new(items.ToArray());

    /// <summary>Copies a list into a new equatable array.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this List<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? default : new(items.ToArray());
    }
}
