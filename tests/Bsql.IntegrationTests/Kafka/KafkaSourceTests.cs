using System.Globalization;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using static Bsql.IntegrationTests.Kafka.KafkaTestJob;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>The <c>kafka</c> source against the mock cluster: bounded reads through real jobs, compared with oracles.</summary>
public sealed class KafkaSourceTests : IClassFixture<KafkaMockHostFixture>
{
    internal static readonly RowSchema Events = Schema(("id", SqlType.BigInt), ("user", SqlType.String), ("amount", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
    internal static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly KafkaMockHostFixture _fixture;

    public KafkaSourceTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    internal sealed record Event(long Id, string User, long Amount, long TsMs)
    {
        public string Json => string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":{Id},\"user\":\"{User}\",\"amount\":{Amount},\"ts\":\"{Epoch.AddMilliseconds(TsMs):yyyy-MM-dd HH:mm:ss.fff}\"}}");
    }

    /// <summary>Deterministic events with increasing timestamps, keyed by user (so each partition is in time order).</summary>
    internal static List<Event> MakeEvents(int count, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new Event(i, "u" + random.Next(10), random.Next(100), i * 37L))];
    }

    internal static IEnumerable<KafkaRecord> AsRecords(IEnumerable<Event> events) => events.Select(e => new KafkaRecord(e.User, e.Json));

    internal static ConnectorSpec KafkaTable(string bootstrap, string topic, params (string Key, string Value)[] extra) =>
        Connector("kafka", [("topic", topic), ("properties.bootstrap.servers", bootstrap), ("format", "json"), .. extra]);

    private static string NewTopic(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    [RequiresServerTheory(TestServer.Kafka)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task BoundedLatest_FilterProjection_MatchesOracle_AndCommitsEndOffsets(int parallelism)
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("filter");
        var events = MakeEvents(3000);
        KafkaTestClient.Produce(host.BootstrapServers, topic, AsRecords(events));
        var group = "g-" + topic;

        var job = new KafkaTestJob();
        var src = job.Source("events", Events, KafkaTable(host.BootstrapServers, topic, ("scan.startup.mode", "earliest-offset"),
            ("scan.bounded.mode", "latest-offset"), ("properties.group.id", group)), parallelism);
        var calc = job.Calc(src, Schema(("id", SqlType.BigInt), ("user", SqlType.String), ("amount", SqlType.BigInt)),
            Fn(">", SqlType.Boolean, Col(2, SqlType.BigInt), Lit(50L, SqlType.BigInt)),
            Col(0, SqlType.BigInt), Col(1, SqlType.String), Col(2, SqlType.BigInt));
        var sink = job.Collect(calc);
        await job.RunAsync();

        var expected = events.Where(e => e.Amount > 50).Select(e => $"{e.Id},{e.User},{e.Amount}").Order(StringComparer.Ordinal).ToList();
        var got = CollectSinkFactory.Get(sink).Select(r => $"{r[0]},{r[1]},{r[2]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
        // A bounded read commits where it stopped: the end of every partition.
        Assert.Equal(KafkaTestClient.EndOffsets(host.BootstrapServers, topic, 4), KafkaTestClient.Committed(host.BootstrapServers, group, topic, 4));
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task TumblingWindowCount_TopicToTopic_MatchesOracle_WithNoLateRows()
    {
        var host = await _fixture.GetHostAsync();
        var input = NewTopic("win-in");
        var output = NewTopic("win-out");
        var events = MakeEvents(5000, seed: 11);
        KafkaTestClient.Produce(host.BootstrapServers, input, AsRecords(events));

        var job = new KafkaTestJob();
        // Watermark = ts: every partition is in time order, so only a per-partition watermark keeps all rows on time.
        var src = job.Source("events", Events, KafkaTable(host.BootstrapServers, input, ("scan.startup.mode", "earliest-offset"),
            ("scan.bounded.mode", "latest-offset")), parallelism: 2, new WatermarkSpec(3, Col(3, SqlType.Timestamp(3)), null));
        var spec = new WindowAggregateSpec(new TumbleWindow(3, false, 10_000, 0), [1],
            [new AggregateCall(AggregateFunction.CountStar, [], false, -1, SqlType.BigInt, "cnt"), new AggregateCall(AggregateFunction.Sum, [2], false, -1, SqlType.BigInt, "total")],
            [WindowProperty.Start], AggregatePhase.Single);
        var outSchema = Schema(("user", SqlType.String), ("cnt", SqlType.BigInt), ("total", SqlType.BigInt), ("window_start", SqlType.Timestamp(3)));
        var agg = job.Add(spec, outSchema, 2, (src, EdgeKind.Hash, [1]));
        job.Sink(agg, "counts", KafkaTable(host.BootstrapServers, output, ("key.format", "raw"), ("key.fields", "user")));
        var result = await job.RunAsync();

        Assert.Equal(0, result.Metrics.Operators[agg].LateRowsDropped);
        var expected = events.GroupBy(e => (e.User, Window: e.TsMs / 10_000 * 10_000))
            .Select(g => $"{g.Key.User}|{{\"user\":\"{g.Key.User}\",\"cnt\":{g.Count()},\"total\":{g.Sum(e => e.Amount)},\"window_start\":\"{Epoch.AddMilliseconds(g.Key.Window):yyyy-MM-dd HH:mm:ss.fff}\"}}")
            .Order(StringComparer.Ordinal).ToList();
        var got = KafkaTestClient.ReadAll(host.BootstrapServers, output).Select(r => $"{r.Key}|{r.Value}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
    }

    [RequiresServerTheory(TestServer.Kafka)]
    [InlineData("skip")]
    [InlineData("dead-letter")]
    [InlineData("fail")]
    public async Task BadMessages_FollowTheFormatsErrorPolicy(string policy)
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("bad-" + policy);
        var good = MakeEvents(20);
        var bad = new[] { "not json", "{\"id\":\"x\"}", "{\"id\":1,\"amount\":[1]}" };
        // All to partition 0, bad ones in between good ones, so their offsets are known.
        var records = good.Take(10).Select(e => new KafkaRecord(null, e.Json, 0))
            .Concat(bad.Select(b => new KafkaRecord(null, b, 0)))
            .Concat(good.Skip(10).Select(e => new KafkaRecord(null, e.Json, 0))).ToList();
        KafkaTestClient.Produce(host.BootstrapServers, topic, records);

        var options = new List<(string, string)> { ("scan.startup.mode", "earliest-offset"), ("scan.bounded.mode", "latest-offset") };
        if (policy == "skip") options.Add(("json.ignore-parse-errors", "true"));
        if (policy == "dead-letter") options.Add(("json.dead-letter", "bad_rows"));
        var job = new KafkaTestJob();
        var src = job.Source("events", Events, KafkaTable(host.BootstrapServers, topic, [.. options]));
        var sink = job.Collect(src);
        var deadSchema = Schema(("raw", SqlType.String), ("reason", SqlType.String), ("location", SqlType.String));
        var none = job.Calc(src, deadSchema, Lit(false, SqlType.Boolean), Lit(null, SqlType.String), Lit(null, SqlType.String), Lit(null, SqlType.String));
        var dead = job.Collect(none, "bad_rows");

        if (policy == "fail")
        {
            var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => job.RunAsync());
            Assert.Equal(RuntimeErrors.ParseError, error.Code);
            Assert.Contains($"{topic}/0@10", error.Message, StringComparison.Ordinal);
            return;
        }
        var result = await job.RunAsync();
        Assert.Equal(good.Select(e => e.Id).Order(), CollectSinkFactory.Get(sink).Select(r => (long)r[0]!).Order());
        var metrics = result.Metrics.Formats["events"];
        if (policy == "skip")
        {
            Assert.Equal(3, metrics.Skipped);
            Assert.Equal(0, metrics.DeadLettered);
            Assert.Empty(CollectSinkFactory.Get(dead));
        }
        else
        {
            Assert.Equal(0, metrics.Skipped);
            Assert.Equal(3, metrics.DeadLettered);
            var rows = CollectSinkFactory.Get(dead).OrderBy(r => (string)r[2]!, StringComparer.Ordinal).ToList();
            Assert.Equal(bad, rows.Select(r => (string)r[0]!));
            Assert.Equal([$"{topic}/0@10", $"{topic}/0@11", $"{topic}/0@12"], rows.Select(r => (string)r[2]!));
            Assert.All(rows, r => Assert.False(string.IsNullOrEmpty((string?)r[1])));
        }
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task StartupModes_EarliestLatestGroupAndTimestamp_ReadTheExpectedMessages()
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("startup");
        var group = "g-" + topic;
        // Message i has timestamp 1_000_000 + i * 1000 (explicit CreateTime).
        var first = MakeEvents(40);
        KafkaTestClient.Produce(host.BootstrapServers, topic, first.Select(e => new KafkaRecord(e.User, e.Json, TimestampMs: 1_000_000 + e.Id * 1000)));

        async Task<List<long>> Read(string mode, params (string, string)[] extra)
        {
            var job = new KafkaTestJob();
            var src = job.Source("events", Events, KafkaTable(host.BootstrapServers, topic,
                [("scan.startup.mode", mode), ("scan.bounded.mode", "latest-offset"), ("properties.group.id", group), .. extra]), parallelism: 2);
            var sink = job.Collect(src);
            await job.RunAsync();
            return [.. CollectSinkFactory.Get(sink).Select(r => (long)r[0]!).Order()];
        }

        Assert.Empty(await Read("latest-offset"));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), await Read("earliest-offset"));
        Assert.Equal(Enumerable.Range(25, 15).Select(i => (long)i),
            await Read("timestamp", ("scan.startup.timestamp-millis", (1_000_000 + 25 * 1000 - 500).ToString(CultureInfo.InvariantCulture))));

        // The reads above committed the end offsets for the group: group-offsets continues from there.
        var second = MakeEvents(50).Skip(40).ToList();
        KafkaTestClient.Produce(host.BootstrapServers, topic, AsRecords(second));
        Assert.Equal(second.Select(e => e.Id), await Read("group-offsets"));
        // A group that never committed falls back to auto.offset.reset.
        Assert.Equal(50, (await Read("group-offsets", ("properties.group.id", "fresh-" + topic), ("properties.auto.offset.reset", "earliest"))).Count);
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task BoundedTimestamp_StopsEachPartitionAtTheFirstMessageAtOrAfterTheTimestamp()
    {
        var host = await _fixture.GetHostAsync();
        var topic = NewTopic("bounded-ts");
        var events = MakeEvents(60);
        KafkaTestClient.Produce(host.BootstrapServers, topic, events.Select(e => new KafkaRecord(e.User, e.Json, TimestampMs: 2_000_000 + e.Id * 1000)));

        var job = new KafkaTestJob();
        var src = job.Source("events", Events, KafkaTable(host.BootstrapServers, topic, ("scan.startup.mode", "earliest-offset"),
            ("scan.bounded.mode", "timestamp"), ("scan.bounded.timestamp-millis", (2_000_000 + 33 * 1000).ToString(CultureInfo.InvariantCulture))));
        var sink = job.Collect(src);
        await job.RunAsync();

        Assert.Equal(Enumerable.Range(0, 33).Select(i => (long)i), CollectSinkFactory.Get(sink).Select(r => (long)r[0]!).Order());
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task SeveralTopics_KeyFieldsExceptKey_AndRawFormat_DecodeAsDeclared()
    {
        var host = await _fixture.GetHostAsync();
        var a = NewTopic("multi-a");
        var b = NewTopic("multi-b");
        KafkaTestClient.Produce(host.BootstrapServers, a, Enumerable.Range(0, 30).Select(i => new KafkaRecord($"{{\"id\":{i}}}", $"{{\"name\":\"a{i}\"}}")));
        KafkaTestClient.Produce(host.BootstrapServers, b, Enumerable.Range(100, 30).Select(i => new KafkaRecord($"{{\"id\":{i}}}", $"{{\"name\":\"b{i}\"}}")));

        var job = new KafkaTestJob();
        var schema = Schema(("name", SqlType.String), ("id", SqlType.BigInt));
        var src = job.Source("t", schema, KafkaTable(host.BootstrapServers, a + ";" + b, ("scan.startup.mode", "earliest-offset"),
            ("scan.bounded.mode", "latest-offset"), ("key.format", "json"), ("key.fields", "id"), ("value.fields-include", "EXCEPT_KEY")), parallelism: 3);
        var sink = job.Collect(src);
        await job.RunAsync();
        var expected = Enumerable.Range(0, 30).Select(i => $"a{i}:{i}").Concat(Enumerable.Range(100, 30).Select(i => $"b{i}:{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, CollectSinkFactory.Get(sink).Select(r => $"{r[0]}:{r[1]}").Order(StringComparer.Ordinal));

        var raw = new KafkaTestJob();
        var rawSrc = raw.Source("lines", Schema(("line", SqlType.String)), Connector("kafka", ("topic", a), ("properties.bootstrap.servers", host.BootstrapServers),
            ("format", "raw"), ("scan.startup.mode", "earliest-offset"), ("scan.bounded.mode", "latest-offset")));
        var rawSink = raw.Collect(rawSrc);
        await raw.RunAsync();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{{\"name\":\"a{i}\"}}").Order(StringComparer.Ordinal),
            CollectSinkFactory.Get(rawSink).Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
    }

    [RequiresServerTheory(TestServer.Kafka)]
    [InlineData("source")]
    [InlineData("sink")]
    public async Task UnreachableBootstrap_FailsWithBsql4401_WithinTheTimeout(string side)
    {
        // Nothing listens on port 1 of loopback.
        var bootstrap = "127.0.0.1:1";
        var job = new KafkaTestJob();
        var timeout = ("properties.socket.timeout.ms", "2000");
        int src;
        if (side == "source")
        {
            src = job.Source("events", Events, KafkaTable(bootstrap, "t", ("scan.bounded.mode", "latest-offset"), timeout));
            job.Collect(src);
        }
        else
        {
            var host = await _fixture.GetHostAsync();
            var topic = NewTopic("unreach");
            KafkaTestClient.Produce(host.BootstrapServers, topic, AsRecords(MakeEvents(5)));
            src = job.Source("events", Events, KafkaTable(host.BootstrapServers, topic, ("scan.startup.mode", "earliest-offset"), ("scan.bounded.mode", "latest-offset")));
            job.Sink(src, "out", KafkaTable(bootstrap, "t", timeout));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => job.RunAsync());
        Assert.Equal(RuntimeErrors.ConnectorUnavailable, error.Code);
        Assert.Contains("cannot reach Kafka at '127.0.0.1:1' within 2000 ms", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 15);
    }
}
