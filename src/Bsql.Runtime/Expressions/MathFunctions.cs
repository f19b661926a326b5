using System.Globalization;
using System.Text;

namespace Bsql.Runtime.Expressions;

/// <summary>Math built-in functions (Java semantics: integer ABS/MOD wrap, ROUND is half-up).</summary>
internal static class MathFunctions
{
    /// <summary><c>ABS</c> on INT (wraps on the minimum, as Java).</summary>
    public static int Abs(int v) => v < 0 ? unchecked(-v) : v;

    /// <summary><c>ABS</c> on BIGINT.</summary>
    public static long Abs(long v) => v < 0 ? unchecked(-v) : v;

    /// <summary><c>ABS</c> on DOUBLE.</summary>
    public static double Abs(double v) => Math.Abs(v);

    /// <summary><c>ABS</c> on DECIMAL.</summary>
    public static decimal Abs(decimal v) => Math.Abs(v);

    /// <summary><c>MOD</c> on INT.</summary>
    public static int Mod(int a, int b) => Ops.Remainder(a, b);

    /// <summary><c>MOD</c> on BIGINT.</summary>
    public static long Mod(long a, long b) => Ops.Remainder(a, b);

    /// <summary><c>MOD</c> on DECIMAL.</summary>
    public static decimal Mod(decimal a, decimal b) => Ops.Remainder(a, b);

    /// <summary><c>MOD</c> on DOUBLE.</summary>
    public static double Mod(double a, double b) => a % b;

    /// <summary><c>POWER(x, y)</c>.</summary>
    public static double Power(double x, double y) => Math.Pow(x, y);

    /// <summary><c>SQRT</c>.</summary>
    public static double Sqrt(double x) => Math.Sqrt(x);

    /// <summary><c>EXP</c>.</summary>
    public static double Exp(double x) => Math.Exp(x);

    /// <summary><c>LN</c>.</summary>
    public static double Ln(double x) => Math.Log(x);

    /// <summary><c>LOG10</c>.</summary>
    public static double Log10(double x) => Math.Log10(x);

    /// <summary><c>LOG2</c>.</summary>
    public static double Log2(double x) => Math.Log2(x);

    /// <summary><c>LOG(x)</c>: natural logarithm.</summary>
    public static double Log(double x) => Math.Log(x);

    /// <summary><c>LOG(base, x)</c>.</summary>
    public static double Log(double b, double x) => Math.Log(x) / Math.Log(b);

    /// <summary><c>CEIL</c> on an integer (itself).</summary>
    public static long Ceil(long v) => v;

    /// <summary><c>CEIL</c> on DOUBLE.</summary>
    public static double Ceil(double v) => Math.Ceiling(v);

    /// <summary><c>CEIL</c> on DECIMAL.</summary>
    public static decimal Ceil(decimal v) => Math.Ceiling(v);

    /// <summary><c>FLOOR</c> on an integer (itself).</summary>
    public static long Floor(long v) => v;

    /// <summary><c>FLOOR</c> on DOUBLE.</summary>
    public static double Floor(double v) => Math.Floor(v);

    /// <summary><c>FLOOR</c> on DECIMAL.</summary>
    public static decimal Floor(decimal v) => Math.Floor(v);

    /// <summary><c>ROUND(x)</c>.</summary>
    public static long Round(long v) => v;

    /// <summary><c>ROUND(x, d)</c> on an integer: d &lt; 0 rounds to tens, hundreds... half-up.</summary>
    public static long Round(long v, long digits)
    {
        if (digits >= 0) return v;
        if (digits < -18) return 0;
        var unit = Pow10Long((int)-digits);
        var r = v / unit * unit;
        var rest = v - r;
        if (Math.Abs(rest) * 2 >= unit) r += Math.Sign(rest) * unit;
        return r;
    }

    /// <summary><c>ROUND(x)</c> on DOUBLE.</summary>
    public static double Round(double v) => Round(v, 0);

    /// <summary>
    /// <c>ROUND(x, d)</c> on DOUBLE, half-up on the shortest decimal form of x (Flink rounds
    /// <c>BigDecimal.valueOf(x)</c>, so <c>ROUND(2.675, 2)</c> is 2.68).
    /// </summary>
    public static double Round(double v, long digits) => RoundDouble(v, (int)Math.Clamp(digits, -400, 400), MidpointRounding.AwayFromZero);

    /// <summary><c>ROUND(x)</c> on DECIMAL.</summary>
    public static decimal Round(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero);

    /// <summary><c>ROUND(x, d)</c> on DECIMAL, half-up.</summary>
    public static decimal Round(decimal v, long digits) => RoundDecimal(v, (int)Math.Clamp(digits, -400, 400), MidpointRounding.AwayFromZero);

    /// <summary><c>TRUNCATE(x)</c> on an integer.</summary>
    public static long Truncate(long v) => v;

    /// <summary><c>TRUNCATE(x, d)</c> on an integer.</summary>
    public static long Truncate(long v, long digits)
    {
        if (digits >= 0) return v;
        if (digits < -18) return 0;
        var unit = Pow10Long((int)-digits);
        return v / unit * unit;
    }

    /// <summary><c>TRUNCATE(x)</c> on DOUBLE.</summary>
    public static double Truncate(double v) => Math.Truncate(v);

    /// <summary><c>TRUNCATE(x, d)</c> on DOUBLE.</summary>
    public static double Truncate(double v, long digits) => RoundDouble(v, (int)Math.Clamp(digits, -400, 400), MidpointRounding.ToZero);

    /// <summary><c>TRUNCATE(x)</c> on DECIMAL.</summary>
    public static decimal Truncate(decimal v) => Math.Truncate(v);

    /// <summary><c>TRUNCATE(x, d)</c> on DECIMAL.</summary>
    public static decimal Truncate(decimal v, long digits) => RoundDecimal(v, (int)Math.Clamp(digits, -400, 400), MidpointRounding.ToZero);

    private static long Pow10Long(int n)
    {
        long r = 1;
        for (var i = 0; i < n; i++) r *= 10;
        return r;
    }

    private static decimal RoundDecimal(decimal v, int digits, MidpointRounding mode)
    {
        if (digits >= 0) return Math.Round(v, Math.Min(digits, 28), mode);
        if (digits < -28) return 0m;
        var unit = 1m;
        for (var i = 0; i < -digits; i++) unit *= 10m;
        return Math.Round(v / unit, 0, mode) * unit;
    }

    private static double RoundDouble(double v, int digits, MidpointRounding mode)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return v;
        decimal d;
        try
        {
            d = decimal.Parse(v.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            // Beyond DECIMAL's range every digit kept is left of the point: nothing to round at d ≥ 0.
            return digits >= 0 ? v : Math.Round(v / Math.Pow(10, -digits), mode) * Math.Pow(10, -digits);
        }
        return (double)RoundDecimal(d, digits, mode);
    }

    /// <summary><c>SIGN</c> on an integer.</summary>
    public static long Sign(long v) => Math.Sign(v);

    /// <summary><c>SIGN</c> on DOUBLE.</summary>
    public static double Sign(double v) => double.IsNaN(v) ? double.NaN : Math.Sign(v);

    /// <summary><c>SIGN</c> on DECIMAL.</summary>
    public static decimal Sign(decimal v) => Math.Sign(v);

    /// <summary><c>PI()</c>.</summary>
    public static double Pi() => Math.PI;

    /// <summary><c>E()</c>.</summary>
    public static double E() => Math.E;

    /// <summary><c>SIN</c>.</summary>
    public static double Sin(double x) => Math.Sin(x);

    /// <summary><c>COS</c>.</summary>
    public static double Cos(double x) => Math.Cos(x);

    /// <summary><c>TAN</c>.</summary>
    public static double Tan(double x) => Math.Tan(x);

    /// <summary><c>ASIN</c>.</summary>
    public static double Asin(double x) => Math.Asin(x);

    /// <summary><c>ACOS</c>.</summary>
    public static double Acos(double x) => Math.Acos(x);

    /// <summary><c>ATAN</c>.</summary>
    public static double Atan(double x) => Math.Atan(x);

    /// <summary><c>ATAN2(y, x)</c>.</summary>
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    /// <summary><c>COT</c>.</summary>
    public static double Cot(double x) => 1.0 / Math.Tan(x);

    /// <summary><c>SINH</c>.</summary>
    public static double Sinh(double x) => Math.Sinh(x);

    /// <summary><c>COSH</c>.</summary>
    public static double Cosh(double x) => Math.Cosh(x);

    /// <summary><c>TANH</c>.</summary>
    public static double Tanh(double x) => Math.Tanh(x);

    /// <summary><c>DEGREES</c>.</summary>
    public static double Degrees(double x) => x * (180.0 / Math.PI);

    /// <summary><c>RADIANS</c>.</summary>
    public static double Radians(double x) => x * (Math.PI / 180.0);

    /// <summary><c>HEX(n)</c>: upper-case two's-complement hex.</summary>
    public static string Hex(long v) => v.ToString("X", CultureInfo.InvariantCulture);

    /// <summary><c>HEX(s)</c>: upper-case hex of the UTF-8 bytes.</summary>
    public static string Hex(string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s));

    /// <summary><c>HEX(x)</c> of another value: numbers by their integral part, anything else by its text.</summary>
    public static string Hex(object v) => v switch
    {
        double or float or decimal => Hex(Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        bool b => Hex(b ? 1L : 0L),
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Hex(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary><c>BIN(n)</c>: two's-complement binary.</summary>
    public static string Bin(long v) => Convert.ToString(v, 2);

    /// <summary><c>BIN(s)</c> of a string holding an integer.</summary>
    public static string Bin(string s) => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
        ? Bin(v)
        : throw new ExpressionEvaluationException($"BIN: '{s}' is not an integer");

    /// <summary><c>BIN(x)</c> of a non-integer number: its integral part.</summary>
    public static string Bin(object v) => v switch
    {
        double or float or decimal or bool => Bin(Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        _ => throw new ExpressionEvaluationException($"BIN expects an integer, found {v.GetType().Name} {v}"),
    };

    /// <summary><c>RAND()</c>.</summary>
    public static double Rand() => Random.Shared.NextDouble();

    /// <summary><c>RAND_INTEGER(bound)</c>: in [0, bound).</summary>
    public static int RandInteger(long bound) => bound <= 0 || bound > int.MaxValue ? throw new ExpressionEvaluationException($"RAND_INTEGER: bound must be a positive INT, found {bound}") : Random.Shared.Next((int)bound);
}
