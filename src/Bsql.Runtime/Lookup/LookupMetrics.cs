using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// The lookup metrics of one dimension table, published as <see cref="System.Diagnostics.Metrics"/>
/// instruments of the meter <c>Bsql.Lookup</c> (tagged <c>table</c>, and <c>cluster</c> for the per-cluster
/// ones) and also counted here so that tests and the terminal view can read them directly.
/// </summary>
public sealed class LookupMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Bsql.Lookup";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RequestCounter = Meter.CreateCounter<long>("bsql.lookup.requests", "{key}", "Keys asked for by the lookup joins.");
    private static readonly Counter<long> CacheHitCounter = Meter.CreateCounter<long>("bsql.lookup.cache.hits", "{key}", "Keys answered by the lookup cache.");
    private static readonly Counter<long> CacheMissCounter = Meter.CreateCounter<long>("bsql.lookup.cache.misses", "{key}", "Keys the lookup cache could not answer.");
    private static readonly Histogram<int> BatchSizeHistogram = Meter.CreateHistogram<int>("bsql.lookup.batch.size", "{key}", "Distinct keys per round trip.");
    private static readonly Counter<long> FailureCounter = Meter.CreateCounter<long>("bsql.lookup.failures", "{key}", "Keys whose lookup failed after the retries.");
    private static readonly Histogram<double> LatencyHistogram = Meter.CreateHistogram<double>("bsql.lookup.latency", "ms", "Round-trip latency per cluster.");
    private static readonly Counter<long> ClusterRequestCounter = Meter.CreateCounter<long>("bsql.lookup.cluster.requests", "{request}", "Round trips served per cluster.");
    private static readonly Counter<long> ClusterErrorCounter = Meter.CreateCounter<long>("bsql.lookup.cluster.errors", "{request}", "Round trips that failed per cluster (errors, timeouts, open circuit).");

    private static readonly ConditionalWeakTable<LookupMetrics, Func<string, double>> ShareSources = new();
    private static readonly ObservableGauge<double> ShareGauge = Meter.CreateObservableGauge(
        "bsql.lookup.cluster.share", ObserveShares, "1", "Share of the requests that go to each cluster first (rt-balanced routing).");

    private readonly KeyValuePair<string, object?> _tableTag;
    private readonly ConcurrentDictionary<string, ClusterCounters> _clusters = new(StringComparer.Ordinal);
    private long _requests;
    private long _cacheHits;
    private long _cacheMisses;
    private long _batches;
    private long _batchedKeys;
    private long _failures;

    /// <summary>Metrics of <paramref name="table"/>.</summary>
    public LookupMetrics(string table)
    {
        Table = table;
        _tableTag = new("table", table);
    }

    /// <summary>The dimension table.</summary>
    public string Table { get; }

    /// <summary>Keys asked for.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Keys answered by the cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Keys the cache could not answer.</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Round trips (batches) sent, retries not counted.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Distinct keys sent in all batches.</summary>
    public long BatchedKeys => Interlocked.Read(ref _batchedKeys);

    /// <summary>Keys whose lookup failed for good.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Round trips served by <paramref name="cluster"/> (successful ones).</summary>
    public long ServedBy(string cluster) => _clusters.TryGetValue(cluster, out var c) ? Interlocked.Read(ref c.Served) : 0;

    /// <summary>Round trips that failed on <paramref name="cluster"/>.</summary>
    public long ErrorsOf(string cluster) => _clusters.TryGetValue(cluster, out var c) ? Interlocked.Read(ref c.Errors) : 0;

    /// <summary>Share of the successful round trips served by <paramref name="cluster"/> so far (0 when none).</summary>
    public double ShareOf(string cluster)
    {
        long total = 0;
        foreach (var counters in _clusters.Values) total += Interlocked.Read(ref counters.Served);
        return total == 0 ? 0 : (double)ServedBy(cluster) / total;
    }

    /// <summary>A key was asked for.</summary>
    public void RecordRequest()
    {
        Interlocked.Increment(ref _requests);
        RequestCounter.Add(1, _tableTag);
    }

    /// <summary>A key was answered by the cache (<paramref name="hit"/>) or not.</summary>
    public void RecordCache(bool hit)
    {
        if (hit)
        {
            Interlocked.Increment(ref _cacheHits);
            CacheHitCounter.Add(1, _tableTag);
        }
        else
        {
            Interlocked.Increment(ref _cacheMisses);
            CacheMissCounter.Add(1, _tableTag);
        }
    }

    /// <summary>A batch of <paramref name="size"/> distinct keys was sent.</summary>
    public void RecordBatch(int size)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedKeys, size);
        BatchSizeHistogram.Record(size, _tableTag);
    }

    /// <summary><paramref name="keys"/> keys failed for good.</summary>
    public void RecordFailures(int keys)
    {
        Interlocked.Add(ref _failures, keys);
        FailureCounter.Add(keys, _tableTag);
    }

    /// <summary>A round trip to <paramref name="cluster"/> took <paramref name="elapsed"/> and succeeded or not.</summary>
    public void RecordClusterCall(string cluster, TimeSpan elapsed, bool succeeded)
    {
        var counters = _clusters.GetOrAdd(cluster, static _ => new ClusterCounters());
        var tags = new TagList { _tableTag, { "cluster", cluster } };
        LatencyHistogram.Record(elapsed.TotalMilliseconds, tags);
        if (succeeded)
        {
            Interlocked.Increment(ref counters.Served);
            ClusterRequestCounter.Add(1, tags);
        }
        else
        {
            Interlocked.Increment(ref counters.Errors);
            ClusterErrorCounter.Add(1, tags);
        }
    }

    /// <summary>Publishes the router's current share of requests per cluster as the gauge <c>bsql.lookup.cluster.share</c>.</summary>
    public void ObserveShare(Func<string, double> shareOf) => ShareSources.AddOrUpdate(this, shareOf);

    private static IEnumerable<Measurement<double>> ObserveShares()
    {
        _ = ShareGauge;
        foreach (var (metrics, shareOf) in ShareSources)
        {
            foreach (var cluster in metrics._clusters.Keys)
            {
                yield return new Measurement<double>(shareOf(cluster), metrics._tableTag, new KeyValuePair<string, object?>("cluster", cluster));
            }
        }
    }

    private sealed class ClusterCounters
    {
        public long Served;
        public long Errors;
    }
}
