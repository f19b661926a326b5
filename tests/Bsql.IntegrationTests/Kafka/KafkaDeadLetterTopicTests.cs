using System.Text.Json;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>
/// A SQL job whose Kafka source dead-letters undecodable messages into another Kafka topic: the raw bytes as they
/// were read (format <c>raw</c>), or the whole dead-letter row with its location and reason (format <c>json</c>).
/// Good messages still reach the output topic; nothing is lost and every bad message is counted.
/// </summary>
public sealed class KafkaDeadLetterTopicTests : IClassFixture<KafkaMockHostFixture>
{
    // Each fails on a field the job reads (id): fields the job does not read are not decoded, so cannot fail it.
    private static readonly string[] Bad = ["not json", "{\"id\":\"x\"}", "{\"id\":[1],\"user\":\"u1\"}"];

    private readonly KafkaMockHostFixture _fixture;

    public KafkaDeadLetterTopicTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    [RequiresServerTheory(TestServer.Kafka)]
    [InlineData("raw")]
    [InlineData("json")]
    public async Task BadMessages_GoToADeadLetterTopic_GoodOnesToTheOutput(string deadLetterFormat)
    {
        var host = await _fixture.GetHostAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (input, output, dead) = ("dl-in-" + suffix, "dl-out-" + suffix, "dl-bad-" + suffix);
        var good = KafkaSourceTests.MakeEvents(30, seed: 11);
        // All in partition 0, the bad ones at offsets 10, 11 and 12.
        var records = good.Take(10).Select(e => new KafkaRecord(null, e.Json, 0))
            .Concat(Bad.Select(b => new KafkaRecord(null, b, 0)))
            .Concat(good.Skip(10).Select(e => new KafkaRecord(null, e.Json, 0))).ToList();
        KafkaTestClient.Produce(host.BootstrapServers, input, records);
        KafkaTestClient.EnsureTopic(host.BootstrapServers, dead);

        var deadColumns = deadLetterFormat == "raw"
            ? "raw BYTES"
            : "kind STRING, source_table STRING, location STRING, raw STRING, reason STRING, dead_lettered_at TIMESTAMP_LTZ(3)";
        var sql = $"""
            CREATE TABLE events (id BIGINT, `user` STRING, amount BIGINT, ts TIMESTAMP(3)) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
              'format' = 'json', 'json.dead-letter' = 'bad_events'
            );
            CREATE TABLE bad_events ({deadColumns}) WITH (
              'connector' = 'kafka', 'topic' = '{dead}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = '{deadLetterFormat}'
            );
            CREATE TABLE out_t (id BIGINT, `user` STRING) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}', 'format' = 'json'
            );
            INSERT INTO out_t SELECT id, `user` FROM events;
            """;
        var compiled = BsqlCompiler.Compile(sql, "dead-letter.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null, JobId = "dl-" + suffix }, timeout.Token);

        Assert.Equal(3, result.Metrics.Formats["events"].DeadLettered);
        Assert.Equal(0, result.Metrics.Formats["events"].Skipped);
        var outIds = KafkaTestClient.ReadAll(host.BootstrapServers, output)
            .Select(r => JsonDocument.Parse(r.Value!).RootElement.GetProperty("id").GetInt64()).Order().ToList();
        Assert.Equal(good.Select(e => e.Id).Order().ToList(), outIds);

        var deadRecords = KafkaTestClient.ReadAll(host.BootstrapServers, dead);
        if (deadLetterFormat == "raw")
        {
            // The message values are the bad messages' bytes, unchanged.
            Assert.Equal(Bad.Order(StringComparer.Ordinal), deadRecords.Select(r => r.Value!).Order(StringComparer.Ordinal));
            return;
        }
        var rows = deadRecords.Select(r => JsonDocument.Parse(r.Value!).RootElement)
            .OrderBy(r => r.GetProperty("location").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal([$"{input}/0@10", $"{input}/0@11", $"{input}/0@12"], rows.Select(r => r.GetProperty("location").GetString()));
        Assert.Equal(Bad, rows.Select(r => r.GetProperty("raw").GetString()));
        Assert.All(rows, r =>
        {
            Assert.Equal("decode", r.GetProperty("kind").GetString());
            Assert.Equal("events", r.GetProperty("source_table").GetString());
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString()));
            Assert.Equal(JsonValueKind.String, r.GetProperty("dead_lettered_at").ValueKind);
        });
    }
}
