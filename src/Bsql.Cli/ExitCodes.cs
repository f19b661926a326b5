namespace Bsql.Cli;

/// <summary>The exit codes of every <c>bsql</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The job has errors (diagnostics were printed).</summary>
    public const int JobErrors = 1;

    /// <summary>The command line is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The job failed while running (a BSQL4xxx error was printed).</summary>
    public const int RuntimeFailure = 3;

    /// <summary>The job was cancelled (Ctrl-C / SIGTERM).</summary>
    public const int Cancelled = 130;
}
