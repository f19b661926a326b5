namespace Bsql.Runtime.Expressions;

/// <summary>Builds the typed hash set a constant <c>IN</c> list probes.</summary>
internal static class HashSets
{
    /// <summary>A <c>HashSet&lt;T&gt;</c> of <paramref name="values"/> (ordinal for strings, structural for composites).</summary>
    public static object Create(Type elementType, IEnumerable<object> values)
    {
        if (elementType == typeof(string)) return new HashSet<string>(values.Cast<string>(), StringComparer.Ordinal);
        if (elementType == typeof(byte[]) || elementType == typeof(object[]) || !elementType.IsValueType && elementType != typeof(string))
        {
            return new HashSet<object>(values, StructuralComparer.Instance);
        }
        var setType = typeof(HashSet<>).MakeGenericType(elementType);
        var set = Activator.CreateInstance(setType)!;
        var add = setType.GetMethod("Add")!;
        foreach (var v in values) add.Invoke(set, [v]);
        return set;
    }

    private sealed class StructuralComparer : IEqualityComparer<object>
    {
        public static readonly StructuralComparer Instance = new();

        public new bool Equals(object? x, object? y) => Bsql.Planner.Expressions.LiteralValues.AreEqual(x, y);

        public int GetHashCode(object obj) => obj is byte[] b ? b.Length : obj is object?[] a ? a.Length : obj.GetHashCode();
    }
}
