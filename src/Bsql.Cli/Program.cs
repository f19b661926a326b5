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
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(CompileCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        return root.Parse(args).Invoke();
    }
}
