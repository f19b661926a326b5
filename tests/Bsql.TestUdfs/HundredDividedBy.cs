namespace Bsql.TestUdfs;

/// <summary>100 / x, throwing for 0: a user function that fails on some rows.</summary>
public sealed class HundredDividedBy
{
    public int Eval(int x) => x == 0 ? throw new InvalidOperationException("zero is not allowed") : 100 / x;
}
