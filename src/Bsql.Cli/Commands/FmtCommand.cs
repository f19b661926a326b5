using System.CommandLine;
using Bsql.Parser;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Printing;

namespace Bsql.Cli.Commands;

/// <summary>
/// <c>bsql fmt FILE... [--check] [--write]</c>: prints BSQL files in canonical form; <c>--check</c> exits 1
/// when a file is not canonical (and names it); <c>--write</c> rewrites files in place. Invalid input prints
/// the rendered diagnostics to stderr and exits 1.
/// </summary>
public static class FmtCommand
{
    /// <summary>Creates the <c>fmt</c> command.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "BSQL files to format",
            Arity = ArgumentArity.OneOrMore,
        };
        var check = new Option<bool>("--check") { Description = "Exit with code 1 if a file is not in canonical form (nothing is printed or written)" };
        var write = new Option<bool>("--write") { Description = "Rewrite the files in place" };
        var command = new Command("fmt", "Format BSQL files in canonical form") { files, check, write };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(check),
            parseResult.GetValue(write),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Formats the files; returns the exit code (0 ok, 1 invalid input or not canonical under --check).</summary>
    public static int Run(IReadOnlyList<string> paths, bool check, bool write, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var exitCode = ExitCodes.Ok;
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                stderr.WriteLine($"{path}: error: file not found");
                exitCode = ExitCodes.JobErrors;
                continue;
            }

            var text = File.ReadAllText(path);
            var result = BsqlParser.Parse(text, path);
            if (result.HasErrors)
            {
                stderr.Write(DiagnosticFormatter.FormatAll(result.Diagnostics, result.Source));
                exitCode = ExitCodes.JobErrors;
                continue;
            }

            var formatted = ScriptFormatter.Format(result);
            var canonical = string.Equals(formatted.Text, text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            if (check)
            {
                if (!canonical)
                {
                    stderr.WriteLine($"{path}: not in canonical form");
                    exitCode = ExitCodes.JobErrors;
                }

                continue;
            }

            if (write)
            {
                if (canonical)
                {
                    continue;
                }

                if (formatted.DroppedComments > 0)
                {
                    // Comments inside a statement are not in the tree; rewriting would silently delete them.
                    stderr.WriteLine($"{path}: not rewritten: {formatted.DroppedComments} comment(s) inside statements would be lost " +
                        "(move them above the statement, or run without --write to see the canonical form)");
                    exitCode = ExitCodes.JobErrors;
                    continue;
                }

                File.WriteAllText(path, formatted.Text);
                stdout.WriteLine($"formatted {path}");
                continue;
            }

            stdout.Write(formatted.Text);
        }

        return exitCode;
    }
}
