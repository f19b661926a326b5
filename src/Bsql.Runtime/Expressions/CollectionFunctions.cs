using System.Collections;

namespace Bsql.Runtime.Expressions;

/// <summary>ARRAY / MAP constructors and access, <c>CARDINALITY</c>, <c>ELEMENT</c>.</summary>
internal static class CollectionFunctions
{
    /// <summary><c>MAP[k1, v1, k2, v2, ...]</c> (a later duplicate key wins; a NULL key is dropped).</summary>
    public static Dictionary<object, object?> MakeMap(object?[] keysAndValues)
    {
        var map = new Dictionary<object, object?>(keysAndValues.Length / 2);
        for (var i = 0; i + 1 < keysAndValues.Length; i += 2)
        {
            if (keysAndValues[i] is { } key) map[key] = keysAndValues[i + 1];
        }
        return map;
    }

    /// <summary><c>arr[i]</c>, 1-based; NULL when out of range.</summary>
    public static object? ArrayItem(object?[] array, long index) => index >= 1 && index <= array.Length ? array[index - 1] : null;

    /// <summary><c>map[key]</c>; NULL when absent.</summary>
    public static object? MapItem(object map, object key)
    {
        if (map is Dictionary<object, object?> typed) return typed.TryGetValue(key, out var v) ? v : null;
        return map is IDictionary d && d.Contains(key) ? d[key] : null;
    }

    /// <summary><c>CARDINALITY(array)</c>.</summary>
    public static int Cardinality(object?[] array) => array.Length;

    /// <summary><c>CARDINALITY(map)</c>.</summary>
    public static int Cardinality(Dictionary<object, object?> map) => map.Count;

    /// <summary><c>ELEMENT</c> of a MAP: not defined (Flink takes arrays only).</summary>
    public static object? Element(Dictionary<object, object?> map) =>
        throw new ExpressionEvaluationException("ELEMENT expects an ARRAY, found a MAP");

    /// <summary><c>ELEMENT(array)</c>: NULL when empty, the element when one, an error when more.</summary>
    public static object? Element(object?[] array) => array.Length switch
    {
        0 => null,
        1 => array[0],
        _ => throw new ExpressionEvaluationException($"ELEMENT: the array has {array.Length} elements; it must have at most one"),
    };
}
