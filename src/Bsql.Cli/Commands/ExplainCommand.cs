using System.CommandLine;
using Bsql.Parser.Diagnostics;
using Bsql.Planner;
using Bsql.Planner.Explain;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql explain FILE [--stage ast|logical|optimized|physical] [--format text|dot|json] [--catalog F]...</c>: prints
/// one compilation stage of a job, secrets redacted. Exit code 0, 1 on compile errors, 2 on usage errors.
/// </summary>
public static class ExplainCommand
{
    /// <summary>Creates the <c>explain</c> command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Job file (.sql or .json descriptor)" };
        var stage = new Option<string>("--stage") { Description = "ast, logical, optimized or physical", DefaultValueFactory = _ => "optimized" };
        var format = new Option<string>("--format") { Description = "text, dot or json", DefaultValueFactory = _ => "text" };
        var catalogs = new Option<string[]>("--catalog") { Description = "YAML catalog file (repeatable)" };
        var command = new Command("explain", "Show how a job is planned") { file, stage, format, catalogs };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(file) ?? "",
            parseResult.GetValue(stage) ?? "optimized",
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(catalogs) ?? [],
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Explains the job; returns the exit code.</summary>
    public static int Run(string path, string stage, string format, IReadOnlyList<string> catalogs, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!Enum.TryParse<ExplainStage>(stage, ignoreCase: true, out var explainStage) || int.TryParse(stage, out _))
        {
            stderr.WriteLine($"error: unknown --stage '{stage}': expected ast, logical, optimized or physical");
            return 2;
        }
        if (!Enum.TryParse<ExplainFormatKind>(format, ignoreCase: true, out var explainFormat) || int.TryParse(format, out _))
        {
            stderr.WriteLine($"error: unknown --format '{format}': expected text, dot or json");
            return 2;
        }
        if (ValidateCommand.CheckFiles([path, .. catalogs], stderr) is { } usage) return usage;
        var result = BsqlCompiler.CompileFile(path, new CompileOptions { CatalogFiles = catalogs });
        if (result.Diagnostics.Length > 0) stderr.Write(DiagnosticFormatter.FormatAll(result.Diagnostics));
        if (!result.Success && (explainStage is ExplainStage.Optimized or ExplainStage.Physical || result.Bound is null && explainStage == ExplainStage.Logical))
        {
            return 1;
        }
        stdout.Write(ExplainRenderer.Render(result, explainStage, explainFormat));
        return result.Success ? 0 : 1;
    }
}
