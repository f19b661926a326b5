using System.Diagnostics;
using System.Text;

namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>
/// Runs <c>Bsql.KafkaMock</c> (built next to this test assembly through its project reference) as a
/// separate process: a mock Kafka cluster on 127.0.0.1. Disposing closes its stdin, which stops it.
/// </summary>
public sealed class KafkaMockHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private KafkaMockHost(Process process, StringBuilder stderr, string bootstrapServers)
    {
        _process = process;
        _stderr = stderr;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The bootstrap address the host printed, e.g. <c>127.0.0.1:40123,127.0.0.1:40125</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>What the host wrote to stderr so far (librdkafka logs), for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the host with the given arguments (<c>--brokers N</c>, <c>--topic name:partitions</c>).</summary>
    public static async Task<KafkaMockHost> StartAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Bsql.KafkaMock.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the Kafka mock host is not built next to the tests", dll);
        }

        // The muxer running these tests (testhost runs under `dotnet exec`), else whatever `dotnet` PATH finds.
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();

        string? bootstrap;
        using (var timeout = new CancellationTokenSource(StartTimeout))
        {
            try
            {
                bootstrap = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                bootstrap = null;
            }
        }

        if (string.IsNullOrEmpty(bootstrap))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            throw new InvalidOperationException($"the Kafka mock host printed no bootstrap address; stderr:\n{log}");
        }

        return new KafkaMockHost(process, stderr, bootstrap);
    }

    /// <summary>Stops the host (closes its stdin; kills it if it has not exited after 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
