namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// Paces a generator source against the job clock: an item whose due offset (ms since the source
/// opened) is still ahead is held back, and a call with nothing due sleeps until the first one is
/// (at most 100 ms, so the runtime stays responsive to barriers and cancellation).
/// </summary>
internal sealed class GeneratorPacer(TimeProvider time)
{
    private const double MaxWaitMs = 100;

    private long _startTimestamp = time.GetTimestamp();

    /// <summary>Restarts the clock: offsets count from now.</summary>
    public void Restart() => _startTimestamp = time.GetTimestamp();

    /// <summary>Milliseconds since <see cref="Restart"/>.</summary>
    public double ElapsedMs => time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    /// <summary>Waits until <paramref name="dueOffsetMs"/> (or at most 100 ms).</summary>
    public Task WaitForAsync(double dueOffsetMs, CancellationToken cancellationToken)
    {
        var wait = Math.Min(dueOffsetMs - ElapsedMs, MaxWaitMs);
        return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(Math.Max(wait, 1)), time, cancellationToken);
    }
}
