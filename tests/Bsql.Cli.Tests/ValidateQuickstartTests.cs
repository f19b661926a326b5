namespace Bsql.Cli.Tests;

/// <summary><c>bsql validate</c> and <c>bsql compile</c> on the quickstart, as the README describes them.</summary>
public class ValidateQuickstartTests
{
    private static readonly string Job = Path.Combine(BsqlProcess.RepoRoot, "samples", "quickstart", "job.sql");

    [Fact]
    public void Validate_TheQuickstart_ExitsZero()
    {
        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "validate", "samples/quickstart/job.sql");

        Assert.True(exitCode == 0, stdout + stderr);
    }

    [Fact]
    public void Validate_AMisspelledColumn_ExitsOneWithFileLineAndColumn()
    {
        var folder = Directory.CreateTempSubdirectory("bsql-validate-").FullName;
        var copy = Path.Combine(folder, "job.sql");
        var text = File.ReadAllText(Job);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("WHEN temperature > 80", StringComparison.Ordinal));
        Assert.True(line >= 0);
        var column = lines[line].IndexOf("temperature", StringComparison.Ordinal);
        lines[line] = lines[line].Replace("WHEN temperature > 80", "WHEN temprature > 80", StringComparison.Ordinal);
        File.WriteAllText(copy, string.Join('\n', lines));

        var (exitCode, stdout, stderr) = BsqlProcess.Run(folder, "validate", "job.sql");

        Assert.Equal(1, exitCode);
        var output = stdout + stderr;
        Assert.Contains($"job.sql:{line + 1}:{column + 1}: error BSQL2", output, StringComparison.Ordinal);
        Assert.Contains("temprature", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileThenRunThePlan_PrintsTheSameWindowsAsRunningTheSql()
    {
        var folder = Directory.CreateTempSubdirectory("bsql-compile-").FullName;
        var plan = Path.Combine(folder, "plan.json");

        var compile = BsqlProcess.Run(BsqlProcess.RepoRoot, "compile", "samples/quickstart/job.sql", "-o", plan);
        Assert.True(compile.ExitCode == 0, compile.Stdout + compile.Stderr);
        Assert.Contains("\"formatVersion\"", File.ReadAllText(plan), StringComparison.Ordinal);

        // The plan's relative data path resolves against the plan's folder: put the data beside it.
        File.Copy(Path.Combine(BsqlProcess.RepoRoot, "samples", "quickstart", "readings.jsonl"), Path.Combine(folder, "readings.jsonl"));
        var run = BsqlProcess.Run(folder, "run", "plan.json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(BsqlProcess.RepoRoot, "samples", "quickstart", "expected-output.txt")), run.Stdout);
    }

    [Fact]
    public void UnknownCommandOption_IsAUsageError()
    {
        var (exitCode, _, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "run", "samples/quickstart/job.sql", "--no-such-option");

        Assert.Equal(2, exitCode);
        Assert.Contains("--no-such-option", stderr, StringComparison.Ordinal);
    }
}
