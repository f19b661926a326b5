using System.CommandLine;
using Bsql.Parser.Diagnostics;
using Bsql.Planner;
using Bsql.Planner.Serialization;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql compile FILE -o plan.json [--catalog F]...</c>: compiles a job into its versioned JSON plan, which
/// <c>bsql run plan.json</c> executes. Exit code 0, 1 on compile errors, 2 on usage errors.
/// </summary>
public static class CompileCommand
{
    /// <summary>Creates the <c>compile</c> command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Job file (.sql or .json descriptor)" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the plan (default: standard output)" };
        var catalogs = new Option<string[]>("--catalog") { Description = "YAML catalog file (repeatable)" };
        var command = new Command("compile", "Compile a job into a runnable JSON plan") { file, output, catalogs };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(file) ?? "",
            parseResult.GetValue(output),
            parseResult.GetValue(catalogs) ?? [],
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Compiles the job; returns the exit code.</summary>
    public static int Run(string path, string? output, IReadOnlyList<string> catalogs, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (ValidateCommand.CheckFiles([path, .. catalogs], stderr) is { } usage) return usage;
        var result = BsqlCompiler.CompileFile(path, new CompileOptions { CatalogFiles = catalogs });
        if (result.Diagnostics.Length > 0) stderr.Write(DiagnosticFormatter.FormatAll(result.Diagnostics));
        if (result.Plan is null) return 1;
        var json = PlanSerializer.Serialize(result.Plan) + "\n";
        if (string.IsNullOrEmpty(output) || output == "-")
        {
            stdout.Write(json);
            return 0;
        }
        try
        {
            File.WriteAllText(output, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write '{output}': {e.Message}");
            return 2;
        }
        stdout.WriteLine($"{path}: plan written to {output} ({result.Plan.Operators.Length} operators)");
        return 0;
    }
}
