using System.Collections;
using System.Runtime.CompilerServices;
using Bsql.Planner.Expressions;

namespace Bsql.Runtime.Expressions;

/// <summary>Runtime helpers the compiled operators call: Java-compatible integer arithmetic, value reads, comparisons.</summary>
internal static class Ops
{
    /// <summary>Integer division as Java: truncates, <c>MIN / -1</c> wraps, division by zero is an error.</summary>
    public static long Divide(long a, long b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: {a} / 0");
        return b == -1 ? unchecked(-a) : a / b;
    }

    /// <summary>Integer division as Java on INT.</summary>
    public static int Divide(int a, int b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: {a} / 0");
        return b == -1 ? unchecked(-a) : a / b;
    }

    /// <summary>Integer remainder as Java (sign of the dividend).</summary>
    public static long Remainder(long a, long b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: MOD({a}, 0)");
        return b == -1 ? 0 : a % b;
    }

    /// <summary>Integer remainder as Java on INT.</summary>
    public static int Remainder(int a, int b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: MOD({a}, 0)");
        return b == -1 ? 0 : a % b;
    }

    /// <summary>DECIMAL division.</summary>
    public static decimal Divide(decimal a, decimal b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: {a} / 0");
        return a / b;
    }

    /// <summary>DECIMAL remainder.</summary>
    public static decimal Remainder(decimal a, decimal b)
    {
        if (b == 0) throw new ExpressionEvaluationException($"division by zero: MOD({a}, 0)");
        return a % b;
    }

    private static readonly decimal[] PowersOfTen = Enumerable.Range(0, 29).Select(i => i == 0 ? 1m : Pow10(i)).ToArray();

    // 1 written with k fractional digits (1.0, 1.00, ...): multiplying by it raises a value's scale by k.
    private static readonly decimal[] OnesWithScale = Enumerable.Range(0, 29).Select(k =>
    {
        var bits = decimal.GetBits(PowersOfTen[k]);
        return new decimal(bits[0], bits[1], bits[2], false, (byte)k);
    }).ToArray();

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= 10m;
        return r;
    }

    /// <summary>
    /// A DECIMAL(p, s) value: rounded half-up to the scale (as Flink's HALF_UP), NULL when it needs more
    /// than p digits (Flink yields NULL on DECIMAL overflow).
    /// </summary>
    public static decimal? ToDecimal(decimal value, int precision, int scale)
    {
        if (scale > 28) scale = 28;
        var rounded = value.Scale > scale ? Math.Round(value, scale, MidpointRounding.AwayFromZero) : value;
        var intDigits = precision - scale;
        if (intDigits < 29 && intDigits >= 0 && Math.Abs(rounded) >= PowersOfTen[intDigits]) return null;
        // Give the value exactly the declared scale so that it prints as DECIMAL(p, s) does.
        return SetScale(rounded, scale);
    }

    /// <summary>The value with exactly <paramref name="scale"/> fractional digits (value unchanged).</summary>
    public static decimal SetScale(decimal value, int scale)
    {
        var current = value.Scale;
        if (current == scale) return value;
        if (current < scale) return value * OnesWithScale[scale - current];
        return Math.Round(value, scale, MidpointRounding.AwayFromZero);
    }

    /// <summary>Reads a BIGINT column value, tolerating other boxed integer types.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long? ReadInt64(object? o) => o is long l ? l : o is null ? null : Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads an INT column value, tolerating other boxed integer types.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int? ReadInt32(object? o) => o is int i ? i : o is null ? null : Convert.ToInt32(o, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a DOUBLE column value, tolerating other boxed numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double? ReadDouble(object? o) => o is double d ? d : o is null ? null : Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a DECIMAL column value, tolerating other boxed numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal? ReadDecimal(object? o) => o is decimal d ? d : o is null ? null : Convert.ToDecimal(o, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ordinal comparison of strings (Flink compares the UTF-8 bytes).</summary>
    public static int CompareStrings(string a, string b) => string.CompareOrdinal(a, b);

    /// <summary>Unsigned lexicographic comparison of byte strings.</summary>
    public static int CompareBytes(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    /// <summary>Structural equality of composite values.</summary>
    public static bool ValuesEqual(object a, object b) => LiteralValues.AreEqual(a, b);

    /// <summary>Ordering of any two comparable values of the same family (composite values compare element-wise).</summary>
    public static int CompareValues(object a, object b)
    {
        if (a is object?[] xa && b is object?[] xb)
        {
            for (var i = 0; i < Math.Min(xa.Length, xb.Length); i++)
            {
                if (xa[i] is null || xb[i] is null)
                {
                    if (xa[i] is null && xb[i] is null) continue;
                    return xa[i] is null ? -1 : 1;
                }
                var c = CompareValues(xa[i]!, xb[i]!);
                if (c != 0) return c;
            }
            return xa.Length.CompareTo(xb.Length);
        }
        if (a is string sa && b is string sb) return string.CompareOrdinal(sa, sb);
        if (a is byte[] ba && b is byte[] bb) return CompareBytes(ba, bb);
        if (a is IComparable ca && a.GetType() == b.GetType()) return ca.CompareTo(b);
        return Comparer.DefaultInvariant.Compare(a, b);
    }
}
