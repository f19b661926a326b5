using System.Globalization;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

/// <summary>The baseline: walks the bound tree for every row with boxed values (what the compiler avoids).</summary>
internal static class Interpreter
{
    public static object? Eval(BoundExpr e, object?[] row)
    {
        switch (e)
        {
            case InputRef r: return row[r.Index];
            case Literal l: return l.Value;
            case CastExpr c:
            {
                var v = Eval(c.Operand, row);
                return v is null ? null : c.Type.Kind switch
                {
                    SqlTypeKind.Double => Convert.ToDouble(v, CultureInfo.InvariantCulture),
                    SqlTypeKind.BigInt => Convert.ToInt64(v, CultureInfo.InvariantCulture),
                    _ => v,
                };
            }
            case Call call:
            {
                if (call.Function == "AND")
                {
                    var a = Eval(call.Args[0], row);
                    if (a is false) return false;
                    var b = Eval(call.Args[1], row);
                    if (b is false) return false;
                    return a is null || b is null ? null : true;
                }
                var args = new object?[call.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Eval(call.Args[i], row);
                    if (args[i] is null) return null;
                }
                return call.Function switch
                {
                    "*" when call.Type.Kind == SqlTypeKind.Double => Convert.ToDouble(args[0], CultureInfo.InvariantCulture) * Convert.ToDouble(args[1], CultureInfo.InvariantCulture),
                    "*" when call.Type.Kind == SqlTypeKind.Decimal => Math.Round(Convert.ToDecimal(args[0], CultureInfo.InvariantCulture) * Convert.ToDecimal(args[1], CultureInfo.InvariantCulture), call.Type.Scale, MidpointRounding.AwayFromZero),
                    "*" => (long)args[0]! * (long)args[1]!,
                    "MOD" => (long)args[0]! % (long)args[1]!,
                    "=" => Compare(args[0]!, args[1]!) == 0,
                    ">" => Compare(args[0]!, args[1]!) > 0,
                    "LIKE" => Like((string)args[0]!, (string)args[1]!),
                    _ => throw new NotSupportedException(call.Function),
                };
            }
            default: throw new NotSupportedException(e.GetType().Name);
        }
    }

    private static int Compare(object a, object b) => a is double || b is double
        ? Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture))
        : Convert.ToInt64(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(b, CultureInfo.InvariantCulture));

    // A straightforward LIKE for the baseline: only the trailing-% form the benchmark uses, matched by hand.
    private static bool Like(string value, string pattern) =>
        pattern.EndsWith('%') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : value == pattern;
}
