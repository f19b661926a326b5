using System.Diagnostics;

namespace Bsql.Cli.Tests;

/// <summary>Runs the built <c>bsql</c> as a user would: a separate process, its exit code and output captured.</summary>
internal static class BsqlProcess
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static (int ExitCode, string Stdout, string Stderr) Run(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bsql.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bsql {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (Bsql.sln) not found");
    }
}
