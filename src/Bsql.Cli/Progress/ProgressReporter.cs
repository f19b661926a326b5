using System.Globalization;
using System.Text;
using Bsql.Runtime.Metrics;

namespace Bsql.Cli.Progress;

/// <summary>
/// Shows a running job's progress on standard error: on a terminal, a live block with one line per
/// operator (rows in/out per second, watermark) redrawn every second; otherwise a plain log line
/// per operator every <see cref="LogInterval"/>. Standard output stays for the job's own output.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    /// <summary>How often plain log lines are written when standard error is not a terminal.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly JobMetrics _metrics;
    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, (long In, long Out)> _last = [];
    private readonly Task _loop;
    private int _drawnLines;
    private long _lastTicks;

    /// <summary>Starts reporting <paramref name="metrics"/> to <paramref name="writer"/>.</summary>
    public ProgressReporter(JobMetrics metrics, TextWriter writer, bool live, TimeProvider time)
    {
        _metrics = metrics;
        _writer = writer;
        _live = live;
        _time = time;
        _lastTicks = time.GetTimestamp();
        _loop = RunAsync(_stop.Token);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_live ? TimeSpan.FromSeconds(1) : LogInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Report();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report()
    {
        var now = _time.GetTimestamp();
        var seconds = Math.Max(_time.GetElapsedTime(_lastTicks, now).TotalSeconds, 1e-3);
        _lastTicks = now;
        var lines = new List<string>();
        foreach (var op in _metrics.Operators.Values.OrderBy(o => o.OperatorId))
        {
            _last.TryGetValue(op.OperatorId, out var previous);
            var rowsIn = op.RowsIn;
            var rowsOut = op.RowsOut;
            _last[op.OperatorId] = (rowsIn, rowsOut);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"[{op.OperatorId,3}] {Shorten(op.Name),-48} in {rowsIn,12:N0} ({(rowsIn - previous.In) / seconds,10:N0}/s)  out {rowsOut,12:N0} ({(rowsOut - previous.Out) / seconds,10:N0}/s)  wm {FormatWatermark(op.Watermark)}"));
        }
        var text = new StringBuilder();
        if (_live && _drawnLines > 0) text.Append("\u001b[").Append(_drawnLines).Append('F');
        foreach (var line in lines)
        {
            if (_live) text.Append("\u001b[2K");
            text.Append(_live ? "" : "progress ").Append(line).Append('\n');
        }
        _drawnLines = lines.Count;
        lock (_writer) _writer.Write(text);
    }

    private static string Shorten(string name) => name.Length <= 48 ? name : string.Concat(name.AsSpan(0, 45), "...");

    /// <summary><c>2024-01-31 12:00:00.000</c>, or <c>-</c> before the first watermark.</summary>
    public static string FormatWatermark(long watermark) => watermark switch
    {
        long.MinValue => "-",
        long.MaxValue => "end",
        _ => DateTimeOffset.FromUnixTimeMilliseconds(watermark).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
    };

    /// <summary>Stops reporting.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
