using System.CommandLine;
using System.Text.Json;
using Bsql.Parser.Diagnostics;
using Bsql.Planner;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql validate FILE... [--catalog F]... [--format text|json|github] [--warnings-as-errors]</c>: parses, binds and
/// plans each job (SQL or JSON descriptor) and reports every diagnostic. Exit code 0 when valid, 1 on errors,
/// 2 on usage errors (missing file, unknown format).
/// </summary>
public static class ValidateCommand
{
    /// <summary>Creates the <c>validate</c> command.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Job files (.sql or .json descriptors)", Arity = ArgumentArity.OneOrMore };
        var catalogs = new Option<string[]>("--catalog") { Description = "YAML catalog file (repeatable)", AllowMultipleArgumentsPerToken = false };
        var format = new Option<string>("--format") { Description = "Output format: text, json or github", DefaultValueFactory = _ => "text" };
        var warningsAsErrors = new Option<bool>("--warnings-as-errors") { Description = "Treat warnings as errors" };
        var command = new Command("validate", "Check jobs for errors without running them") { files, catalogs, format, warningsAsErrors };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(catalogs) ?? [],
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(warningsAsErrors),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Validates the files; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, IReadOnlyList<string> catalogs, string format, bool warningsAsErrors, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (format is not ("text" or "json" or "github"))
        {
            stderr.WriteLine($"error: unknown --format '{format}': expected text, json or github");
            return 2;
        }
        if (CheckFiles(paths.Concat(catalogs), stderr) is { } usage) return usage;
        var all = new List<Diagnostic>();
        var failed = false;
        foreach (var path in paths)
        {
            var result = BsqlCompiler.CompileFile(path, new CompileOptions { CatalogFiles = catalogs });
            all.AddRange(result.Diagnostics);
            failed |= result.Diagnostics.Any(d => d.IsError || (warningsAsErrors && d.Severity == DiagnosticSeverity.Warning));
            if (format == "text")
            {
                if (result.Diagnostics.Length > 0) stderr.Write(DiagnosticFormatter.FormatAll(result.Diagnostics));
                var errors = result.Diagnostics.Count(d => d.IsError);
                var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
                stdout.WriteLine(errors == 0 && !(warningsAsErrors && warnings > 0)
                    ? $"{path}: ok{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : "")}"
                    : $"{path}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
            }
        }
        if (format == "json") stdout.WriteLine(ToJson(all));
        if (format == "github") foreach (var d in all) stdout.WriteLine(ToGitHub(d, warningsAsErrors));
        return failed ? 1 : 0;
    }

    /// <summary>Exit code 2 and a message when a file does not exist, else null.</summary>
    internal static int? CheckFiles(IEnumerable<string> paths, TextWriter stderr)
    {
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                stderr.WriteLine($"error: file not found: {path}");
                return 2;
            }
        }
        return null;
    }

    /// <summary>Diagnostics as a JSON array of {file, line, column, endLine, endColumn, severity, code, message, help}.</summary>
    public static string ToJson(IEnumerable<Diagnostic> diagnostics)
    {
        var items = diagnostics.Select(d =>
        {
            var start = d.Source?.GetPosition(d.Span.Start);
            var end = d.Source?.GetPosition(d.Span.End);
            return new
            {
                file = d.Source?.FileName,
                line = start?.Line,
                column = start?.Column,
                endLine = end?.Line,
                endColumn = end?.Column,
                severity = d.Severity.ToString().ToLowerInvariant(),
                code = d.Code,
                message = d.Message,
                help = d.Help,
            };
        });
        return JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A GitHub Actions workflow command: <c>::error file=..,line=..,col=..,title=BSQL2001::message</c>.</summary>
    public static string ToGitHub(Diagnostic d, bool warningsAsErrors)
    {
        var level = d.IsError || warningsAsErrors && d.Severity == DiagnosticSeverity.Warning ? "error" : d.Severity == DiagnosticSeverity.Warning ? "warning" : "notice";
        var position = d.Source?.GetPosition(d.Span.Start);
        var location = d.Source is null ? "" : $"file={Escape(d.Source.FileName, true)},line={position!.Value.Line},col={position.Value.Column},";
        var message = d.Message + (d.Help is null ? "" : " (help: " + d.Help + ")");
        return $"::{level} {location}title={d.Code}::{Escape(message, false)}";
    }

    private static string Escape(string s, bool property)
    {
        s = s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        return property ? s.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal) : s;
    }
}
