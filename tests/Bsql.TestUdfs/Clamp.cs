namespace Bsql.TestUdfs;

/// <summary>Clamps a value between two bounds: static overloads for integers and doubles.</summary>
public static class Clamp
{
    public static long Eval(long value, long low, long high) => Math.Clamp(value, low, high);

    public static double Eval(double value, double low, double high) => Math.Clamp(value, low, high);
}
