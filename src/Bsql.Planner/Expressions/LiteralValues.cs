using System.Collections;

namespace Bsql.Planner.Expressions;

/// <summary>Structural equality of runtime values (arrays and maps compare by content).</summary>
public static class LiteralValues
{
    /// <summary>True when both values are equal as SQL values of the same type would be.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (a is byte[] ba && b is byte[] bb) return ba.AsSpan().SequenceEqual(bb);
        if (a is object?[] xa && b is object?[] xb)
        {
            if (xa.Length != xb.Length) return false;
            for (var i = 0; i < xa.Length; i++)
            {
                if (!AreEqual(xa[i], xb[i])) return false;
            }
            return true;
        }
        if (a is IDictionary da && b is IDictionary db)
        {
            if (da.Count != db.Count) return false;
            foreach (DictionaryEntry entry in da)
            {
                if (!db.Contains(entry.Key) || !AreEqual(entry.Value, db[entry.Key])) return false;
            }
            return true;
        }
        return a.Equals(b);
    }
}
