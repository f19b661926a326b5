namespace Bsql.TestUdfs;

/// <summary>A class that is not a function: it has no Eval method.</summary>
public sealed class NoEval
{
    public int Compute(int x) => x;
}
