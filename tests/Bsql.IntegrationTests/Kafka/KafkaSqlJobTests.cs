using System.Globalization;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>Kafka jobs written in SQL, compiled by <see cref="BsqlCompiler"/> and run by <see cref="JobRunner"/>.</summary>
public sealed class KafkaSqlJobTests : IClassFixture<KafkaMockHostFixture>
{
    private readonly KafkaMockHostFixture _fixture;

    public KafkaSqlJobTests(KafkaMockHostFixture fixture) => _fixture = fixture;

    [RequiresServerFact(TestServer.Kafka)]
    public async Task SqlJob_FilterAndTumblingCount_TopicToTopic_MatchesOracle()
    {
        var host = await _fixture.GetHostAsync();
        var input = "sql-in-" + Guid.NewGuid().ToString("N")[..8];
        var output = "sql-out-" + Guid.NewGuid().ToString("N")[..8];
        var events = KafkaSourceTests.MakeEvents(4000, seed: 3);
        KafkaTestClient.Produce(host.BootstrapServers, input, KafkaSourceTests.AsRecords(events));
        var sql = $"""
            SET 'parallelism.default' = '2';
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'properties.group.id' = 'sql-test', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
              'format' = 'json'
            );
            CREATE TABLE counts (
              `user` STRING, window_start TIMESTAMP(3), big BIGINT
            ) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'format' = 'csv', 'key.format' = 'raw', 'key.fields' = 'user', 'sink.delivery-guarantee' = 'exactly-once'
            );
            INSERT INTO counts
            SELECT `user`, window_start, COUNT(*) AS big
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            WHERE amount >= 50
            GROUP BY `user`, window_start, window_end;
            """;
        var compiled = BsqlCompiler.Compile(sql, "kafka.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null, JobId = "sql-" + output }, timeout.Token);

        var expected = events.Where(e => e.Amount >= 50).GroupBy(e => (e.User, Window: e.TsMs / 10_000 * 10_000))
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.User}|{g.Key.User},{KafkaSourceTests.Epoch.AddMilliseconds(g.Key.Window):yyyy-MM-dd HH:mm:ss.fff},{g.Count()}"))
            .Order(StringComparer.Ordinal).ToList();
        var got = KafkaTestClient.ReadAll(host.BootstrapServers, output).Select(r => $"{r.Key}|{r.Value}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
        Assert.All(result.Metrics.Operators.Values, m => Assert.Equal(0, m.LateRowsDropped));
    }

    [RequiresServerFact(TestServer.Kafka)]
    public async Task SqlJob_Projection_DecodesOnlyTheReadFields_UnreadBadFieldsDoNotFail()
    {
        var host = await _fixture.GetHostAsync();
        var input = "sql-prune-in-" + Guid.NewGuid().ToString("N")[..8];
        var output = "sql-prune-out-" + Guid.NewGuid().ToString("N")[..8];
        var events = KafkaSourceTests.MakeEvents(2000, seed: 5);
        // Every value carries a field `note` the job declares as BIGINT but never reads; some are not numbers.
        var records = events.Select(e => new KafkaRecord(e.User,
            e.Json[..^1] + (e.Id % 7 == 0 ? ",\"note\":\"not a number\"}" : $",\"note\":{e.Id}}}")));
        KafkaTestClient.Produce(host.BootstrapServers, input, records);
        var sql = $"""
            CREATE TABLE events (
              id BIGINT, `user` STRING, amount BIGINT, note BIGINT, ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH (
              'connector' = 'kafka', 'topic' = '{input}', 'properties.bootstrap.servers' = '{host.BootstrapServers}',
              'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json'
            );
            CREATE TABLE big (id BIGINT, `user` STRING) WITH (
              'connector' = 'kafka', 'topic' = '{output}', 'properties.bootstrap.servers' = '{host.BootstrapServers}', 'format' = 'json'
            );
            INSERT INTO big SELECT id, `user` FROM events WHERE amount >= 50;
            """;
        var compiled = BsqlCompiler.Compile(sql, "kafka.sql");
        Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null, JobId = "sql-" + output }, timeout.Token);

        var expected = events.Where(e => e.Amount >= 50)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{e.Id},\"user\":\"{e.User}\"}}"))
            .Order(StringComparer.Ordinal).ToList();
        var got = KafkaTestClient.ReadAll(host.BootstrapServers, output).Select(r => r.Value!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
    }
}
