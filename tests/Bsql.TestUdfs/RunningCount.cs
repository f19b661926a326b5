namespace Bsql.TestUdfs;

/// <summary>Counts the calls made on this instance: shows that each call site has its own instance.</summary>
public sealed class RunningCount
{
    private long _calls;

    public long Eval(string? any) => ++_calls;
}
