using System.CommandLine;
using Bsql.Cli.Commands;

namespace Bsql.Cli;

/// <summary>The <c>bsql</c> command.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("bsql: compile and run BSQL streaming jobs");
        root.Subcommands.Add(FmtCommand.Create());
        return root.Parse(args).Invoke();
    }
}
