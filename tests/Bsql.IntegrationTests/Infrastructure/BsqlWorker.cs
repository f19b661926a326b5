using System.Diagnostics;
using System.Text;

namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>
/// One <c>bsql run job.sql --job-id ID</c> process (the CLI built next to this test assembly), its stderr kept
/// for failure messages. Disposing kills it (SIGKILL, as a crash) if it still runs.
/// </summary>
internal sealed class BsqlWorker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private BsqlWorker(Process process) => _process = process;

    /// <summary>Starts a worker in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public static BsqlWorker Start(string job, string jobId, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bsql.dll"));
        foreach (var arg in new[] { "run", job, "--job-id", jobId, "--no-progress" }) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var worker = new BsqlWorker(Process.Start(start)!);
        worker._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (worker._stderr) worker._stderr.AppendLine(e.Data);
        };
        worker._process.OutputDataReceived += (_, _) => { };
        worker._process.BeginErrorReadLine();
        worker._process.BeginOutputReadLine();
        return worker;
    }

    /// <summary>The process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code (after it ended).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What it wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    /// <summary>The id of the newest complete checkpoint (<c>chk-N</c>, not <c>.tmp</c>) of a job, or -1.</summary>
    public static long LatestCheckpoint(string dir, string jobId)
    {
        var root = Path.Combine(dir, jobId);
        try
        {
            return Directory.Exists(root)
                ? Directory.EnumerateDirectories(root, "chk-*")
                    .Select(Path.GetFileName)
                    .Select(n => long.TryParse(n![4..], out var id) ? id : -1)
                    .DefaultIfEmpty(-1)
                    .Max()
                : -1;
        }
        catch (IOException)
        {
            return -1; // a checkpoint was being renamed or deleted while listing
        }
    }
}
