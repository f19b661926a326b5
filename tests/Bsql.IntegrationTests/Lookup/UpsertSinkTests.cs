using System.Collections.Immutable;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.IntegrationTests.HBase;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Connectors.Jdbc;
using Bsql.Runtime.Connectors.Redis;
using Bsql.Runtime.Lookup;
using Npgsql;

namespace Bsql.IntegrationTests.Lookup;

/// <summary>The redis, hbase and jdbc sinks as the runtime opens them (through the connector registry), fed a changelog.</summary>
public sealed class UpsertSinkTests
{
    private static readonly RowSchema Schema = new([new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String)]);

    /// <summary>+I 1, +I 2, -U 1, +U 1 (renamed), -D 2, +I 3: the table ends with rows 1 (renamed) and 3.</summary>
    private static RowBatch Changelog()
    {
        var batch = new RowBatch();
        batch.Add([1L, "one"], RowKind.Insert);
        batch.Add([2L, "two"], RowKind.Insert);
        batch.Add([1L, "one"], RowKind.UpdateBefore);
        batch.Add([1L, "uno"], RowKind.UpdateAfter);
        batch.Add([2L, "two"], RowKind.Delete);
        batch.Add([3L, "three"], RowKind.Insert);
        return batch;
    }

    private static async Task WriteAsync(ConnectorSpec connector, string table, RowSchema schema)
    {
        var spec = new SinkSpec(table, connector, schema, [0]);
        var factory = ConnectorRegistry.Default.GetSink(connector.Connector);
        await using var sink = factory.CreateSink(new SinkContext(spec, connector, 0, 1, TimeProvider.System));
        await sink.OpenAsync(CancellationToken.None);
        await sink.WriteAsync(Changelog(), CancellationToken.None);
        await sink.FinishAsync(CancellationToken.None);
    }

    private static async Task AssertTableAsync(ILookupClient client)
    {
        await using (client)
        {
            var rows = await client.LookupBatchAsync([[1L], [2L], [3L]], CancellationToken.None);
            Assert.Equal(new object?[] { 1L, "uno" }, Assert.Single(rows[0]));
            Assert.Empty(rows[1]);
            Assert.Equal(new object?[] { 3L, "three" }, Assert.Single(rows[2]));
        }
    }

    [RequiresServerFact(TestServer.Postgres)]
    public async Task JdbcSink_AppliesTheChangelogAsUpsertsAndDeletes()
    {
        var table = "sink_" + Guid.NewGuid().ToString("N")[..8];
        await using var db = NpgsqlDataSource.Create(TestServers.Postgres);
        await using (var create = db.CreateCommand($"CREATE TABLE {table} (id BIGINT PRIMARY KEY, name TEXT)")) await create.ExecuteNonQueryAsync();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
            var connector = new ConnectorSpec("jdbc", ImmutableSortedDictionary<string, string>.Empty
                .Add("url", $"jdbc:postgresql://{builder.Host}:{builder.Port}/{builder.Database}").Add("table-name", table)
                .Add("username", builder.Username ?? "").Add("password", builder.Password ?? ""));

            await WriteAsync(connector, table, Schema);

            await AssertTableAsync(JdbcLookupClient.Create(connector, Schema, [0]));
        }
        finally
        {
            await using var drop = db.CreateCommand($"DROP TABLE {table}");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task RedisSink_AppliesTheChangelogAsSetsAndDeletes()
    {
        var connector = new ConnectorSpec("redis", ImmutableSortedDictionary<string, string>.Empty
            .Add("url", "redis://" + TestServers.Redis).Add("key-pattern", "bsqltest:" + Guid.NewGuid().ToString("N")[..8] + ":{id}").Add("sink.ttl", "1min"));

        await WriteAsync(connector, "r", Schema);

        await AssertTableAsync(await RedisLookupClient.ConnectAsync(connector, Schema, [0]));
    }

    [Fact]
    public async Task HBaseSink_WritesBothClusters()
    {
        await using var a = new FakeHBaseRestServer();
        await using var b = new FakeHBaseRestServer();
        a.CreateTable("t");
        b.CreateTable("t");
        var schema = new RowSchema([new RowField("id", SqlType.BigInt), new RowField("cf", SqlType.Row([new RowField("name", SqlType.String)]))]);
        var connector = new ConnectorSpec("hbase", ImmutableSortedDictionary<string, string>.Empty.Add("table-name", "t").Add("clusters", $"A={a.BaseUri};B={b.BaseUri}"));
        var spec = new SinkSpec("t", connector, schema, [0]);
        await using (var sink = ConnectorRegistry.Default.GetSink("hbase").CreateSink(new SinkContext(spec, connector, 0, 1, TimeProvider.System)))
        {
            await sink.OpenAsync(CancellationToken.None);
            var batch = new RowBatch();
            batch.Add([1L, new object?[] { "one" }], RowKind.Insert);
            batch.Add([2L, new object?[] { "two" }], RowKind.Insert);
            batch.Add([2L, new object?[] { "two" }], RowKind.Delete);
            await sink.WriteAsync(batch, CancellationToken.None);
        }

        foreach (var server in new[] { a, b })
        {
            Assert.Equal(1, server.RowCount("t"));
            Assert.Equal("one"u8.ToArray(), server.GetCell("t", HBaseBytes.ToBytes(1L, SqlType.BigInt), "cf:name"));
        }
    }
}
