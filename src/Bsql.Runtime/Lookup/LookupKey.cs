namespace Bsql.Runtime.Lookup;

/// <summary>
/// The key values of one lookup, with structural equality (byte arrays compare by content), so identical
/// lookups can be merged and cached.
/// </summary>
public readonly struct LookupKey : IEquatable<LookupKey>
{
    private readonly int _hash;

    /// <summary>Wraps <paramref name="values"/> (not copied: do not mutate it afterwards).</summary>
    public LookupKey(object?[] values)
    {
        Values = values;
        var hash = new HashCode();
        foreach (var value in values) hash.Add(HashOf(value));
        _hash = hash.ToHashCode();
    }

    /// <summary>The key values, one per key column.</summary>
    public object?[] Values { get; }

    /// <summary>True when a value is NULL: such a key never matches (SQL equality).</summary>
    public bool HasNull => Array.IndexOf(Values, null) >= 0;

    /// <inheritdoc />
    public bool Equals(LookupKey other)
    {
        if (_hash != other._hash || Values.Length != other.Values.Length) return false;
        for (var i = 0; i < Values.Length; i++)
        {
            if (!ValueEquals(Values[i], other.Values[i])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LookupKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Equality of two runtime values as a key compares them.</summary>
    public static bool ValueEquals(object? a, object? b) =>
        a is byte[] x && b is byte[] y ? x.AsSpan().SequenceEqual(y) : Equals(a, b);

    /// <summary><c>(1, "a")</c>.</summary>
    public override string ToString() => "(" + string.Join(", ", Values.Select(v => v is byte[] b ? Convert.ToHexString(b) : v?.ToString() ?? "NULL")) + ")";

    private static int HashOf(object? value) => value switch
    {
        null => 0,
        byte[] bytes => HashBytes(bytes),
        _ => value.GetHashCode(),
    };

    private static int HashBytes(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
