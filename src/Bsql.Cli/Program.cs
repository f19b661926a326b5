using System.CommandLine;
using Bsql.Cli.Commands;

namespace Bsql.Cli;

/// <summary>The <c>bsql</c> command: a thin shell over the parser, planner and runtime libraries.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("bsql: compile and run BSQL streaming jobs")
        {
            RunCommand.Create(),
            DebugCommand.Create(),
            ValidateCommand.Create(),
            ExplainCommand.Create(),
            CompileCommand.Create(),
            SchemaCommand.Create(),
            FmtCommand.Create(),
        };
        var parseResult = root.Parse(args);
        // Usage errors (unknown option, missing argument) exit 2, as the CLI contract says.
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors) Console.Error.WriteLine($"bsql: {error.Message}");
            Console.Error.WriteLine("Run 'bsql --help' for usage.");
            return ExitCodes.Usage;
        }
        return parseResult.Invoke();
    }
}
