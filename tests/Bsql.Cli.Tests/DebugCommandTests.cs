namespace Bsql.Cli.Tests;

/// <summary><c>bsql debug</c>: a job on sample files, each sink shown as a table or JSON.</summary>
public class DebugCommandTests
{
    private static string WriteSample(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bsql-debug-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    private const string ThreeReadings =
        """
        {"line": "line-9", "sensor": "s1", "temperature": 81.5, "pressure": 1.0, "ts": "2024-11-21 09:00:01.000"}
        {"line": "line-9", "sensor": "calibration", "temperature": 20.0, "pressure": 1.0, "ts": "2024-11-21 09:00:02.000"}
        {"line": "line-9", "sensor": "s2", "temperature": 70.5, "pressure": 2.0, "ts": "2024-11-21 09:00:03.000"}

        """;

    [Fact]
    public void Debug_WithASampleFile_PrintsTheSinkAsATable()
    {
        var sample = WriteSample("readings.jsonl", ThreeReadings);

        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "debug", "samples/quickstart/job.sql", "--sample", $"readings={sample}");

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line_stats (1 row)", lines[0]);
        Assert.Contains("| line   | window_start            | window_end              | readings | hot_readings | max_temp | avg_pressure |", lines);
        Assert.Contains("| line-9 | 2024-11-21 09:00:00.000 | 2024-11-21 09:01:00.000 | 2        | 1            | 81.5     | 1.5          |", lines);
    }

    [Fact]
    public void Debug_JsonFormat_PrintsOneObjectPerRow()
    {
        var sample = WriteSample("readings.jsonl", ThreeReadings);

        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "debug", "samples/quickstart/job.sql", "--sample", $"readings={sample}", "--format", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(
            """{"table":"line_stats","op":"+I","row":{"line":"line-9","window_start":"2024-11-21 09:00:00.000","window_end":"2024-11-21 09:01:00.000","readings":2,"hot_readings":1,"max_temp":81.5,"avg_pressure":1.5}}""" + "\n",
            stdout);
    }

    [Fact]
    public void Debug_UnknownSampleTable_IsAUsageError()
    {
        var sample = WriteSample("x.jsonl", ThreeReadings);

        var (exitCode, _, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "debug", "samples/quickstart/job.sql", "--sample", $"nosuch={sample}");

        Assert.Equal(2, exitCode);
        Assert.Contains("the job reads no table 'nosuch' (it reads: readings)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Debug_Limit_ShowsAtMostNRowsAndSaysHowManyMore()
    {
        var (exitCode, stdout, stderr) = BsqlProcess.Run(BsqlProcess.RepoRoot, "debug", "samples/quickstart/job.sql", "--limit", "2");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("line_stats (30 rows)", stdout, StringComparison.Ordinal);
        Assert.Contains("... 28 more row(s) not shown (--limit 2)", stdout, StringComparison.Ordinal);
        Assert.Equal(2, stdout.Split('\n').Count(l => l.StartsWith("| line-", StringComparison.Ordinal)));
    }
}
