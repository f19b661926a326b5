using System.Globalization;
using System.Text.Json;

namespace Bsql.Cli.Tests;

/// <summary>The README's first command: <c>bsql run samples/quickstart/job.sql</c>.</summary>
public class QuickstartTests
{
    private static readonly string Sample = Path.Combine(BsqlProcess.RepoRoot, "samples", "quickstart");

    [Fact]
    public void Run_PrintsEveryWindowAsTheGoldenFile()
    {
        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "run", "samples/quickstart/job.sql", "--no-progress");

        Assert.True(exitCode == 0, stderr);
        var expected = File.ReadAllText(Path.Combine(Sample, "expected-output.txt"));
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void Run_FromAnotherFolder_ResolvesTheDataFileAgainstTheJob()
    {
        var (exitCode, stdout, stderr) = BsqlProcess.Run(Path.GetTempPath(), "run", Path.Combine(Sample, "job.sql"), "--no-progress");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(Sample, "expected-output.txt")), stdout);
    }

    [Fact]
    public void Run_ReportsRowsPerOperatorOnStandardError()
    {
        var (exitCode, _, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "run", "samples/quickstart/job.sql");

        Assert.Equal(0, exitCode);
        Assert.Contains("finished", stderr, StringComparison.Ordinal);
        Assert.Contains("3,600 out", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The golden file is not taken on trust: it must equal a direct computation of the job's
    /// meaning over the data file (filter, one-minute windows per line, the four aggregates).
    /// </summary>
    [Fact]
    public void GoldenFile_EqualsAReferenceComputationOverTheData()
    {
        var expected = new List<string>();
        var readings = File.ReadLines(Path.Combine(Sample, "readings.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(r => r.GetProperty("sensor").GetString() != "calibration")
            .Select(r => (
                Line: r.GetProperty("line").GetString()!,
                Temperature: r.GetProperty("temperature").GetDouble(),
                Pressure: r.GetProperty("pressure").GetDouble(),
                Ts: DateTime.ParseExact(r.GetProperty("ts").GetString()!, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)));
        foreach (var window in readings.GroupBy(r => (r.Line, Start: new DateTime(r.Ts.Ticks - r.Ts.Ticks % TimeSpan.TicksPerMinute))))
        {
            var start = window.Key.Start;
            expected.Add(string.Create(CultureInfo.InvariantCulture,
                $"{window.Key.Line}|{start:yyyy-MM-dd HH:mm:ss.fff}|{start.AddMinutes(1):yyyy-MM-dd HH:mm:ss.fff}|{window.Count()}|{window.Count(r => r.Temperature > 80)}|{window.Max(r => r.Temperature)}|{Math.Round(window.Average(r => r.Pressure), 9)}"));
        }

        var golden = File.ReadLines(Path.Combine(Sample, "expected-output.txt")).Select(line =>
        {
            Assert.StartsWith("+I[", line, StringComparison.Ordinal);
            var f = line[3..^1].Split(", ");
            return string.Create(CultureInfo.InvariantCulture,
                $"{f[0]}|{f[1]}|{f[2]}|{f[3]}|{f[4]}|{double.Parse(f[5], CultureInfo.InvariantCulture)}|{Math.Round(double.Parse(f[6], CultureInfo.InvariantCulture), 9)}");
        });

        Assert.Equal(expected.Order(StringComparer.Ordinal), golden.Order(StringComparer.Ordinal));
    }
}
