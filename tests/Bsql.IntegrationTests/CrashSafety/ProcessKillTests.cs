using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Bsql.IntegrationTests.CrashSafety;

/// <summary>
/// Crash safety end to end: a checkpointed job (datagen → TUMBLE window COUNT/SUM per key → filesystem sink)
/// is killed with <see cref="Process.Kill(bool)"/> (no polite stop) at random points several times and
/// restarted with the same job id until it finishes; its committed output must equal, as a multiset of rows,
/// the output of the same job run once without interruption — no row lost, none duplicated.
/// </summary>
public sealed class ProcessKillTests : IDisposable
{
    private const int Rows = 60_000;
    private const int Keys = 10;

    // id is a sequence 0..59999; event time is id * 10 ms, so each 1-second window holds 100 consecutive ids,
    // 10 per key (k = id % 10): 600 windows × 10 keys = 6000 result rows, each with cnt = 10. v is random but
    // deterministic (datagen's default seed; the planner rejects the runtime's 'seed' option), so SUM(v)
    // checks that a restored source replays exactly the rows after its checkpointed position.
    private const int Windows = Rows * 10 / 1000;
    private const int ExpectedRows = Windows * Keys;

    private readonly ITestOutputHelper _log;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-crash-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Creates the scratch folder.</summary>
    public ProcessKillTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void KilledAndRestartedJobWritesExactlyTheUninterruptedOutput()
    {
        var checkpoints = Path.Combine(_root, "checkpoints");
        var killedOut = Path.Combine(_root, "out-killed");
        var cleanOut = Path.Combine(_root, "out-clean");
        var killedJob = WriteJob("killed.sql", checkpoints, killedOut);
        var cleanJob = WriteJob("clean.sql", checkpoints, cleanOut);

        var random = new Random(20261122);
        const int kills = 4;
        var killed = 0;
        var runs = 0;
        while (true)
        {
            runs++;
            Assert.True(runs <= kills + 3, "the killed job did not finish after its restarts");
            using var process = Start(killedJob, "crash-killed");
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (killed < kills)
            {
                // Kill only once this run has completed a checkpoint of its own (so every restart makes
                // progress), then after a random further delay: the kill lands anywhere in the checkpoint cycle.
                var before = Infrastructure.BsqlWorker.LatestCheckpoint(checkpoints, "crash-killed");
                var deadline = Stopwatch.StartNew();
                while (!process.HasExited && Infrastructure.BsqlWorker.LatestCheckpoint(checkpoints, "crash-killed") <= before && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    Thread.Sleep(20);
                }
                var delay = random.Next(300, 2500);
                if (!process.WaitForExit(delay))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    killed++;
                    _log.WriteLine($"run {runs}: killed {delay} ms after checkpoint {Infrastructure.BsqlWorker.LatestCheckpoint(checkpoints, "crash-killed")} (restored from {before})");
                    continue;
                }
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the killed job's final run did not finish in 120 s");
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"run {runs} exited {process.ExitCode}: {stderr}");
            _log.WriteLine($"run {runs}: finished");
            break;
        }
        // A run may rarely finish before its kill lands (the machine is slow, the delay long): 3 of 4 is enough.
        Assert.True(killed >= kills - 1, $"only {killed} of {kills} kills landed before the job finished");

        var clean = RunToEnd(cleanJob, "crash-clean");
        Assert.True(clean.ExitCode == 0, $"uninterrupted run exited {clean.ExitCode}: {clean.Stderr}");

        var expected = ReadCommittedRows(cleanOut);
        var actual = ReadCommittedRows(killedOut);
        Assert.Equal(ExpectedRows, expected.Count);
        AssertRowsAreWholeWindows(expected);

        var missing = MultisetMinus(expected, actual);
        var extra = MultisetMinus(actual, expected);
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"killed run differs from the uninterrupted run: {missing.Count} rows lost, {extra.Count} rows extra\n" +
            $"lost: {string.Join("\n      ", missing.Take(10))}\nextra: {string.Join("\n      ", extra.Take(10))}");
        Assert.Equal(ExpectedRows, actual.Count);

        // A finished job leaves no in-progress part file and no checkpoint behind.
        Assert.DoesNotContain(Directory.EnumerateFiles(killedOut), f => IsHidden(Path.GetFileName(f)));
        Assert.False(Directory.Exists(Path.Combine(checkpoints, "crash-killed")) && Directory.EnumerateDirectories(Path.Combine(checkpoints, "crash-killed")).Any(),
            "the finished job left checkpoints behind");
    }

    private string WriteJob(string name, string checkpoints, string output)
    {
        var sql = $"""
            SET 'execution.checkpointing.interval' = '500ms';
            SET 'state.checkpoints.dir' = '{checkpoints}';

            CREATE TABLE events (
              id BIGINT,
              v INT,
              k AS CAST(id % {Keys} AS INT),
              ts AS CAST(TO_TIMESTAMP_LTZ(id * 10, 3) AS TIMESTAMP(3)),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'datagen',
              'number-of-rows' = '{Rows}',
              'rows-per-second' = '6000',
              'fields.id.kind' = 'sequence',
              'fields.id.start' = '0',
              'fields.id.end' = '{Rows - 1}',
              'fields.v.min' = '1',
              'fields.v.max' = '1000'
            );

            CREATE TABLE results (
              k INT,
              window_start TIMESTAMP(3),
              window_end TIMESTAMP(3),
              cnt BIGINT,
              total BIGINT
            ) WITH (
              'connector' = 'filesystem',
              'path' = '{output}',
              'format' = 'json',
              -- Small part files: several roll over between two checkpoints, so a kill leaves closed but
              -- uncommitted files (flushed to disk) besides the open one, and restore must drop them all.
              'sink.rolling-policy.file-size' = '4kb'
            );

            INSERT INTO results
            SELECT k, window_start, window_end, COUNT(*), SUM(CAST(v AS BIGINT))
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
            GROUP BY k, window_start, window_end;
            """;
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, sql);
        return path;
    }

    private Process Start(string job, string jobId)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bsql.dll"));
        foreach (var arg in new[] { "run", job, "--job-id", jobId, "--no-progress" }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private (int ExitCode, string Stderr) RunToEnd(string job, string jobId)
    {
        using var process = Start(job, jobId);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bsql run {job} did not finish in 120 s");
        }
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr.Result);
    }

    private static bool IsHidden(string fileName) => fileName.StartsWith('.') || fileName.StartsWith('_');

    /// <summary>Every line of every visible (committed) part file; in-progress <c>.</c>/<c>_</c> files are not output.</summary>
    private static List<string> ReadCommittedRows(string dir)
    {
        Assert.True(Directory.Exists(dir), $"no output folder '{dir}'");
        var files = Directory.EnumerateFiles(dir).Where(f => !IsHidden(Path.GetFileName(f))).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.StartsWith("part-", Path.GetFileName(f), StringComparison.Ordinal));
        return files.SelectMany(File.ReadLines).Where(l => l.Length > 0).ToList();
    }

    /// <summary>Each (key, window) appears once with cnt = 10, and the counts add up to every generated row.</summary>
    private static void AssertRowsAreWholeWindows(List<string> rows)
    {
        var windows = new HashSet<string>(StringComparer.Ordinal);
        long totalCount = 0;
        foreach (var row in rows)
        {
            using var json = System.Text.Json.JsonDocument.Parse(row);
            var r = json.RootElement;
            var cnt = r.GetProperty("cnt").GetInt64();
            Assert.Equal(Rows / Windows / Keys, cnt);
            totalCount += cnt;
            Assert.True(windows.Add($"{r.GetProperty("k").GetInt32()}@{r.GetProperty("window_start").GetString()}"), $"window row twice: {row}");
        }
        Assert.Equal(Rows, totalCount);
    }

    private static List<string> MultisetMinus(List<string> a, List<string> b)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var x in b) counts[x] = counts.GetValueOrDefault(x) + 1;
        var result = new List<string>();
        foreach (var x in a)
        {
            if (counts.TryGetValue(x, out var n) && n > 0) counts[x] = n - 1;
            else result.Add(x);
        }
        return result;
    }
}
