using System.Collections.Concurrent;
using Bsql.Planner;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Compiles a real Nexmark query (../shared/nexmark: ddl.sql + qN.sql, placeholders filled) and runs it
/// with the query's <c>blackhole</c> sink replaced by a collector.
/// </summary>
internal static class NexmarkQueryRunner
{
    public static string SharedDir { get; } = FindSharedDir();

    private static string FindSharedDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "nexmark"));
        }
        throw new InvalidOperationException("Bsql.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>ddl.sql + the query file, with the runner's placeholders filled.</summary>
    public static string Script(string query, long eventsNum, long tps) =>
        (File.ReadAllText(Path.Combine(SharedDir, "ddl.sql")) + "\n" + File.ReadAllText(Path.Combine(SharedDir, query + ".sql")))
            .Replace("${TPS}", tps.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("${EVENTS_NUM}", eventsNum.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("${PERSON_PROPORTION}", "1")
            .Replace("${AUCTION_PROPORTION}", "3")
            .Replace("${BID_PROPORTION}", "46")
            .Replace("${NEXMARK_TABLE}", "datagen");

    /// <summary>Compiles and runs the query; returns the sink's (kind, row) pairs, rows cut to the sink's columns.</summary>
    public static async Task<List<(RowKind Kind, object?[] Row)>> RunAsync(string query, long eventsNum, long tps)
    {
        var result = BsqlCompiler.Compile(Script(query, eventsNum, tps), query + ".sql");
        Assert.True(result.Success, query + ": " + string.Join("\n", result.Errors));
        Assert.NotNull(result.Plan);
        var collector = new Collector();
        var registry = ConnectorRegistry.CreateDefault().Register(collector);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await JobRunner.RunAsync(result.Plan, new JobRunOptions { Connectors = registry }, timeout.Token);
        return [.. collector.Rows];
    }

    /// <summary>Applies retractions: the sink's final multiset, as canonical row keys with counts.</summary>
    public static Dictionary<string, int> NetMultiset(IEnumerable<(RowKind Kind, object?[] Row)> rows)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, row) in rows)
        {
            var delta = kind is RowKind.Insert or RowKind.UpdateAfter ? 1 : -1;
            var key = Key(row);
            counts[key] = counts.GetValueOrDefault(key) + delta;
        }
        foreach (var k in counts.Where(p => p.Value == 0).Select(p => p.Key).ToList()) counts.Remove(k);
        return counts;
    }

    /// <summary>The multiset of <paramref name="rows"/> (all inserts).</summary>
    public static Dictionary<string, int> Multiset(IEnumerable<object?[]> rows) => NetMultiset(rows.Select(r => (RowKind.Insert, r)));

    /// <summary>A canonical text for a row: timestamps as epoch ms, decimals at scale 3, longs/ints alike.</summary>
    public static string Key(object?[] row) => string.Join("|", row.Select(v => v switch
    {
        null => "∅",
        DateTime t => "T" + (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond,
        decimal d => "D" + decimal.Round(d, 3).ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
        int i => "N" + i,
        long l => "N" + l,
        string s => "S" + s,
        _ => v.GetType().Name + ":" + Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    }));

    /// <summary>Compares two multisets, reporting a few differences.</summary>
    public static void AssertSameMultiset(Dictionary<string, int> expected, Dictionary<string, int> actual)
    {
        var missing = expected.Where(p => actual.GetValueOrDefault(p.Key) != p.Value)
            .Select(p => $"expected {p.Value}x {p.Key}, got {actual.GetValueOrDefault(p.Key)}").Take(5).ToList();
        var extra = actual.Where(p => !expected.ContainsKey(p.Key)).Select(p => $"unexpected {p.Value}x {p.Key}").Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"expected {expected.Values.Sum()} rows ({expected.Count} distinct), got {actual.Values.Sum()} ({actual.Count} distinct)\n"
            + string.Join("\n", missing.Concat(extra)));
    }

    /// <summary>A sink registered as <c>blackhole</c> that keeps every row it is given.</summary>
    private sealed class Collector : ISinkFactory
    {
        public ConcurrentQueue<(RowKind Kind, object?[] Row)> Rows { get; } = new();

        public string Connector => "blackhole";

        public ISink CreateSink(SinkContext context) => new Sink(Rows, context.Schema.Fields.Length);

        private sealed class Sink(ConcurrentQueue<(RowKind, object?[])> rows, int width) : ISink
        {
            public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
            {
                for (var i = 0; i < batch.Count; i++) rows.Enqueue((batch.KindAt(i), batch[i][..width]));
                return ValueTask.CompletedTask;
            }

            public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

            public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
