namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>A point in time on the job clock by which a series of blocking client calls must be done.</summary>
internal readonly struct Deadline
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly int _timeoutMs;

    public Deadline(TimeProvider time, int timeoutMs)
    {
        _time = time;
        _start = time.GetTimestamp();
        _timeoutMs = timeoutMs;
    }

    /// <summary>What is left of the timeout (at least 1 ms, so a call still fails rather than blocking forever).</summary>
    public TimeSpan Remaining()
    {
        var left = _timeoutMs - _time.GetElapsedTime(_start).TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Max(1, left));
    }
}
