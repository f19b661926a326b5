using System.Diagnostics.Metrics;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupMetricsTests
{
    [Fact]
    public void Instruments_ArePublishedPerTableAndCluster_AndCountedDirectly()
    {
        var table = "metrics_" + Guid.NewGuid().ToString("N");
        var measurements = new List<(string Instrument, double Value, string? Cluster)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LookupMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tableTag = null, cluster = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "table") tableTag = (string?)tag.Value;
                if (tag.Key == "cluster") cluster = (string?)tag.Value;
            }
            if (tableTag == table) lock (measurements) measurements.Add((instrument.Name, value, cluster));
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var metrics = new LookupMetrics(table);
        metrics.RecordRequest();
        metrics.RecordRequest();
        metrics.RecordCache(hit: true);
        metrics.RecordCache(hit: false);
        metrics.RecordBatch(17);
        metrics.RecordClusterCall("A", TimeSpan.FromMilliseconds(3), succeeded: true);
        metrics.RecordClusterCall("A", TimeSpan.FromMilliseconds(9), succeeded: false);
        metrics.RecordClusterCall("B", TimeSpan.FromMilliseconds(2), succeeded: true);
        metrics.RecordClusterCall("B", TimeSpan.FromMilliseconds(2), succeeded: true);
        metrics.ObserveShare(cluster => cluster == "A" ? 0.75 : 0.25);
        listener.RecordObservableInstruments();

        Assert.Equal(2, measurements.Count(m => m.Instrument == "bsql.lookup.requests"));
        Assert.Equal([17.0], measurements.Where(m => m.Instrument == "bsql.lookup.batch.size").Select(m => m.Value));
        Assert.Equal([3.0, 9.0], measurements.Where(m => m.Instrument == "bsql.lookup.latency" && m.Cluster == "A").Select(m => m.Value));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "bsql.lookup.cluster.requests" && m.Cluster == "B"));
        Assert.Single(measurements, m => m.Instrument == "bsql.lookup.cluster.errors" && m.Cluster == "A");
        Assert.Contains(("bsql.lookup.cluster.share", 0.75, "A"), measurements);
        Assert.Contains(("bsql.lookup.cluster.share", 0.25, "B"), measurements);
        Assert.Equal((2L, 1L, 1L, 1L, 17L), (metrics.Requests, metrics.CacheHits, metrics.CacheMisses, metrics.Batches, metrics.BatchedKeys));
        Assert.Equal((1L, 1L, 2L, 0L), (metrics.ServedBy("A"), metrics.ErrorsOf("A"), metrics.ServedBy("B"), metrics.ErrorsOf("B")));
        Assert.Equal(2.0 / 3, metrics.ShareOf("B"), 6);
    }
}
