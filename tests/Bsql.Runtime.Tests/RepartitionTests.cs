using System.Buffers;
using System.Collections.Immutable;
using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Connectors.Kafka.Repartition;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Execution.ScaleOut;

namespace Bsql.Runtime.Tests;

/// <summary>The pieces of scale-out repartition topics that need no cluster: the record encoding and the plan split.</summary>
public sealed class RepartitionTests
{
    [Fact]
    public void RowRecords_RoundTripEveryRuntimeTypeNullsAndRowKinds()
    {
        object?[] row =
        [
            42L, 7, 1.5, 123456789.0123456789m, "naïve ✓", new byte[] { 0, 255, 7 }, null, true,
            new DateOnly(2026, 11, 22), new TimeOnly(7, 15, 30, 250),
            new DateTime(2026, 11, 22, 7, 15, 0, 123, DateTimeKind.Unspecified), new DateTime(2026, 11, 22, 7, 15, 0, DateTimeKind.Utc),
            new object?[] { 1L, null, "x" }, new Dictionary<object, object?> { ["k"] = 2L, ["n"] = null }, 3_600_000L,
        ];
        var encoder = new RepartitionRecord.Encoder();
        foreach (var kind in new[] { RowKind.Insert, RowKind.UpdateBefore, RowKind.UpdateAfter, RowKind.Delete })
        {
            var buffer = new ArrayBufferWriter<byte>();
            encoder.Encode(row, kind, buffer);
            var (decoded, decodedKind) = RepartitionRecord.ReadRow(buffer.WrittenSpan.ToArray());
            Assert.Equal(kind, decodedKind);
            Assert.Equal(row.Length, decoded.Length);
            for (var i = 0; i < row.Length; i++)
            {
                Assert.Equal(row[i], decoded[i]);
                Assert.Equal(row[i]?.GetType(), decoded[i]?.GetType());
            }
            Assert.Equal(DateTimeKind.Unspecified, ((DateTime)decoded[10]!).Kind);
            Assert.Equal(DateTimeKind.Utc, ((DateTime)decoded[11]!).Kind);
        }
    }

    [Fact]
    public void WatermarkRecordsAndProducerKeys_RoundTrip()
    {
        foreach (var watermark in new[] { long.MinValue, -1L, 0L, 1_763_795_700_000L, long.MaxValue })
        {
            var value = RepartitionRecord.WatermarkValue(watermark);
            Assert.Equal(RepartitionRecord.Watermark, value[0]);
            Assert.Equal(watermark, RepartitionRecord.ReadWatermark(value));
        }
        var idle = RepartitionRecord.WatermarkValue(42, idle: true);
        Assert.Equal(RepartitionRecord.IdleWatermark, idle[0]);
        Assert.Equal(42, RepartitionRecord.ReadWatermark(idle));
        Assert.Equal(13, RepartitionRecord.ProducerOf(RepartitionRecord.ProducerKey(13)));
        Assert.Equal(-1, RepartitionRecord.ProducerOf([1, 2]));
        Assert.Equal(-1, RepartitionRecord.ProducerOf(null));
    }

    [Fact]
    public void Split_TurnsEachHashEdgeIntoAWriterAndAReaderOfTheEdgesTopic()
    {
        var compiled = BsqlCompiler.Compile("""
            SET 'scale-out.enabled' = 'true';
            CREATE TABLE events (id BIGINT, `user` STRING, amount BIGINT) WITH (
              'connector' = 'kafka', 'topic' = 'in', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json',
              'properties.socket.timeout.ms' = '5000', 'properties.group.id' = 'data');
            CREATE TABLE sink (u STRING, n BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT `user`, COUNT(*), SUM(amount) FROM events GROUP BY `user`;
            """, "split.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        var plan = compiled.Plan!;
        var hash = Assert.Single(plan.Edges, e => e.Kind == EdgeKind.Hash);
        var source = plan.Operators.Single(o => o.Spec is SourceSpec);
        var slotTable = KafkaTableOptions.Parse("events", ((SourceSpec)source.Spec).Connector, ((SourceSpec)source.Spec).PhysicalSchema);

        var (split, topics) = RepartitionPlan.Split(plan, "job7", slotTable, 4);

        var topic = $"job7-repartition-{hash.Target}";
        Assert.Equal([topic], topics);
        var writer = split.Operators.Single(o => o.Spec is SinkSpec { Connector.Connector: RepartitionTopics.Connector });
        var reader = split.Operators.Single(o => o.Spec is SourceSpec { Connector.Connector: RepartitionTopics.Connector });
        var upstream = plan.Operator(hash.Source);
        Assert.Equal(upstream.Output, writer.Output);
        Assert.Equal(upstream.Parallelism, writer.Parallelism);
        Assert.Equal(1, reader.Parallelism);
        Assert.Contains(split.Edges, e => e.Source == upstream.Id && e.Target == writer.Id && e.Kind == EdgeKind.Forward);
        var keyed = Assert.Single(split.Edges, e => e.Kind == EdgeKind.Hash);
        Assert.Equal(hash with { Source = reader.Id }, keyed);
        var spec = ((SinkSpec)writer.Spec).Connector;
        Assert.Equal(spec, ((SourceSpec)reader.Spec).Connector);
        Assert.Equal(topic, spec.Get("topic"));
        Assert.Equal("exactly-once", spec.Get("sink.delivery-guarantee"));
        Assert.Equal("job7-repartition-markers", spec.Get("sink.transaction-marker-topic"));
        Assert.Equal("k:9092", spec.Get("properties.bootstrap.servers"));
        Assert.Equal("5000", spec.Get("properties.socket.timeout.ms"));
        Assert.Null(spec.Get("properties.group.id"));
        Assert.Equal(4, RepartitionTopics.Slots(spec));
        Assert.Equal(upstream.Parallelism, RepartitionTopics.Writers(spec));
        Assert.Equal([.. hash.Keys], RepartitionTopics.Keys(spec));
        // Every other operator and edge is kept as it was.
        Assert.All(plan.Operators, o => Assert.Contains(o, split.Operators));
        Assert.All(plan.Edges.Where(e => e.Kind != EdgeKind.Hash), e => Assert.Contains(e, split.Edges));
    }

    [Fact]
    public void TheScaledOutWindowSample_SplitsIntoTwoStagesAtItsGroupBy()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir!.FullName, "samples", "kafka-quickstart", "scale-out-windows.sql");
        var compiled = BsqlCompiler.Compile(File.ReadAllText(path), path);
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        Assert.True(compiled.Plan!.Options.ScaleOut);
        var source = (SourceSpec)compiled.Plan.Operators.Single(o => o.Spec is SourceSpec).Spec;
        var slotTable = KafkaTableOptions.Parse(source.Table, source.Connector, source.PhysicalSchema);
        var (split, topics) = RepartitionPlan.Split(compiled.Plan, "page-counts", slotTable, 4);
        var topic = Assert.Single(topics);
        Assert.StartsWith("page-counts-repartition-", topic, StringComparison.Ordinal);
        Assert.Single(split.Operators, o => o.Spec is SourceSpec { Connector.Connector: RepartitionTopics.Connector });
    }

    [Fact]
    public void Split_LeavesAPlanWithoutHashEdgesAlone()
    {
        var compiled = BsqlCompiler.Compile("""
            CREATE TABLE events (id BIGINT, `user` STRING) WITH (
              'connector' = 'kafka', 'topic' = 'in', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
            CREATE TABLE sink (id BIGINT, u STRING) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT id, `user` FROM events WHERE id > 3;
            """, "nosplit.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        var source = (SourceSpec)compiled.Plan!.Operators.Single(o => o.Spec is SourceSpec).Spec;
        var (split, topics) = RepartitionPlan.Split(compiled.Plan, "job", KafkaTableOptions.Parse("events", source.Connector, source.PhysicalSchema), 4);
        Assert.Same(compiled.Plan, split);
        Assert.Empty(topics);
    }

    [Fact]
    public void TheWriterSendsEachKeyToTheSlotOfItsKeyGroup()
    {
        var spec = new ConnectorSpec(RepartitionTopics.Connector, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["repartition.slots"] = "4", ["repartition.writer-parallelism"] = "2", ["repartition.keys"] = "1",
        }));
        var sink = new SinkSpec("t", spec, new Bsql.Planner.Types.RowSchema([]), []);
        var writer = new RepartitionWriter(new Connectors.SinkContext(sink, spec, 1, 2, TimeProvider.System) { Slot = 3 });
        Assert.Equal(3 * 2 + 1, RepartitionRecord.ProducerOf(writer.ProducerKey));
        for (var u = 0; u < 50; u++)
        {
            object?[] row = [1L, "u" + u];
            Assert.Equal(StableHash.Subtask(StableHash.OfColumns(row, [1]), 4), writer.PartitionOf(row));
            Assert.Equal(writer.PartitionOf(row), writer.PartitionOf([99L, "u" + u]));
        }
        Assert.Equal(4, Enumerable.Range(0, 50).Select(u => writer.PartitionOf([0L, "u" + u])).Distinct().Count());
    }
}
