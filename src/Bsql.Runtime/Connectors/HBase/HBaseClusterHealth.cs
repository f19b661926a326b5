namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// A sliding window of one cluster's recent requests (count, errors, total latency) in time buckets, from a
/// <see cref="TimeProvider"/>: old buckets fall out as time passes, so evidence of an outage expires by itself.
/// </summary>
public sealed class HBaseClusterHealth
{
    private readonly TimeProvider _time;
    private readonly long _bucketTicks;
    private readonly long[] _bucketIds;
    private readonly long[] _counts;
    private readonly long[] _errors;
    private readonly double[] _latencyMs;
    private readonly Lock _lock = new();

    /// <summary>A window of <paramref name="window"/> split into <paramref name="buckets"/> buckets.</summary>
    public HBaseClusterHealth(TimeSpan window, int buckets, TimeProvider time)
    {
        _time = time;
        _bucketTicks = Math.Max(1, window.Ticks / buckets);
        _bucketIds = new long[buckets];
        Array.Fill(_bucketIds, -1);
        _counts = new long[buckets];
        _errors = new long[buckets];
        _latencyMs = new double[buckets];
    }

    /// <summary>Records one request.</summary>
    public void Record(TimeSpan latency, bool failed)
    {
        var id = _time.GetUtcNow().UtcTicks / _bucketTicks;
        var slot = (int)(id % _bucketIds.Length);
        lock (_lock)
        {
            if (_bucketIds[slot] != id)
            {
                _bucketIds[slot] = id;
                _counts[slot] = 0;
                _errors[slot] = 0;
                _latencyMs[slot] = 0;
            }
            _counts[slot]++;
            if (failed) _errors[slot]++;
            _latencyMs[slot] += latency.TotalMilliseconds;
        }
    }

    /// <summary>Requests, failures and mean latency (ms) within the window now.</summary>
    public (long Count, long Errors, double MeanLatencyMs) Snapshot()
    {
        var now = _time.GetUtcNow().UtcTicks / _bucketTicks;
        long count = 0, errors = 0;
        double latency = 0;
        lock (_lock)
        {
            for (var i = 0; i < _bucketIds.Length; i++)
            {
                if (_bucketIds[i] < 0 || now - _bucketIds[i] >= _bucketIds.Length) continue;
                count += _counts[i];
                errors += _errors[i];
                latency += _latencyMs[i];
            }
        }
        return (count, errors, count == 0 ? 0 : latency / count);
    }
}
