using System.Text;
using Bsql.IntegrationTests.Fakes.HBaseRest;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Lookup;

namespace Bsql.IntegrationTests.HBase;

public sealed class HBaseLookupTests
{
    [Fact]
    public async Task Sink_WritesBinaryCellsAsBytesToBytes_AndTheRestClientReadsThemBack()
    {
        await using var server = new FakeHBaseRestServer();
        var clusters = "A=" + server.BaseUri;
        var rows = HBaseTestTable.Oracle(20);
        await HBaseTestTable.SeedAsync(clusters, rows.Values, server);

        Assert.Equal(rows.Count, server.RowCount(HBaseTestTable.Name));
        Assert.Equal("0000000000000000", Convert.ToHexString(server.GetCell(HBaseTestTable.Name, "user-0"u8.ToArray(), "stats:clicks")!));
        Assert.Equal("00000002", Convert.ToHexString(server.GetCell(HBaseTestTable.Name, "user-2"u8.ToArray(), "info:age")!));
        Assert.Equal("name 2", Encoding.UTF8.GetString(server.GetCell(HBaseTestTable.Name, "user-2"u8.ToArray(), "info:name")!));
        Assert.Null(server.GetCell(HBaseTestTable.Name, "user-0"u8.ToArray(), "info:name")); // NULL fields are not written

        using var client = new HBaseRestClient("A", server.BaseUri);
        var one = await client.GetAsync(HBaseTestTable.Name, "user-4"u8.ToArray(), CancellationToken.None);
        Assert.NotNull(one);
        Assert.Equal(5, one.Cells.Count);
        Assert.Null(await client.GetAsync(HBaseTestTable.Name, "user-5"u8.ToArray(), CancellationToken.None));
        Assert.Null(await client.GetAsync("no_such_table", "user-4"u8.ToArray(), CancellationToken.None));
        Assert.Empty(await client.MultiGetAsync(HBaseTestTable.Name, ["user-1"u8.ToArray(), "user-3"u8.ToArray()], CancellationToken.None));
        var some = await client.MultiGetAsync(HBaseTestTable.Name, ["user-1"u8.ToArray(), "user-2"u8.ToArray(), "user-8"u8.ToArray()], CancellationToken.None);
        Assert.Equal(["user-2", "user-8"], some.Select(r => Encoding.UTF8.GetString(r.Key)).Order());
    }

    [Fact]
    public async Task BatchedLookups_MatchTheOracle_InCeilingOfNOverBatchSizeMultiGets()
    {
        await using var server = new FakeHBaseRestServer();
        var clusters = "A=" + server.BaseUri;
        var oracle = HBaseTestTable.Oracle(1000);
        await HBaseTestTable.SeedAsync(clusters, oracle.Values, server);
        server.ResetCounters();

        // A generous request timeout (real time): a request stalled by a busy machine must not be retried (the count is exact).
        var connector = HBaseTestTable.Connector(clusters, ("lookup.batch.size", "64"), ("lookup.batch.linger", "200ms"), ("lookup.timeout", "30s"));
        var metrics = new LookupMetrics(HBaseTestTable.Name);
        // The batcher's clock is manual: the last, partial batch lingers until every key is queued. The queue holds all
        // 1000 keys (64 x 16 in flight), so they are all queued before the clock first moves: with the default 8 in
        // flight (512 keys) writers would wait for room, and on a busy machine the clock could end a linger early.
        var time = new Bsql.Runtime.Tests.LookupManualTime();
        await using var batcher = new LookupBatcher(
            HBaseLookupClient.Create(connector, HBaseTestTable.Schema, [0], metrics), LookupOptions.From(connector) with { MaxInFlightBatches = 16 }, metrics, time);

        var keys = Enumerable.Range(0, 1000).Select(i => "user-" + i).ToArray();
        var outcomes = await time.RunUntilDoneAsync(Task.WhenAll(keys.Select(k => batcher.LookupAsync([k]).AsTask())), TimeSpan.FromMilliseconds(200));

        Assert.Equal(16, server.MultiGets); // ceil(1000 / 64), counted by the server
        Assert.Equal(1000, server.MultiGetRows);
        for (var i = 0; i < keys.Length; i++)
        {
            if (oracle.TryGetValue(keys[i], out var expected))
            {
                Assert.Equal(LookupStatus.Found, outcomes[i].Status);
                HBaseTestTable.AssertRowEquals(expected, Assert.Single(outcomes[i].Rows));
            }
            else
            {
                Assert.Equal(LookupStatus.Missing, outcomes[i].Status);
            }
        }
        Assert.Equal(16, metrics.ServedBy("A"));
    }

    [Fact]
    public async Task TextEncodedTable_ReadsCellsAsText()
    {
        await using var server = new FakeHBaseRestServer();
        server.CreateTable("t");
        server.PutCell("t", "42"u8.ToArray(), "cf:n", "17"u8.ToArray());
        server.PutCell("t", "42"u8.ToArray(), "cf:d", "2024-02-29"u8.ToArray());
        var schema = new RowSchema([
            new RowField("id", SqlType.BigInt),
            new RowField("cf", SqlType.Row([new RowField("n", SqlType.Int), new RowField("d", SqlType.Date), new RowField("absent", SqlType.String)])),
        ]);
        var connector = new Bsql.Planner.Physical.ConnectorSpec("hbase", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty
            .Add("table-name", "t").Add("clusters", server.BaseUri.ToString()).Add("value.encoding", "text"));
        await using var client = HBaseLookupClient.Create(connector, schema, [0], new LookupMetrics("t"));

        var results = await client.LookupBatchAsync([[42L], [43L], [null]], CancellationToken.None);

        var row = Assert.Single(results[0]);
        Assert.Equal(42L, row[0]);
        Assert.Equal(new object?[] { 17, new DateOnly(2024, 2, 29), null }, (object?[])row[1]!);
        Assert.Empty(results[1]);
        Assert.Empty(results[2]);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedByTheBatcher_ThenFollowTheFailurePolicy()
    {
        await using var server = new FakeHBaseRestServer();
        var clusters = "A=" + server.BaseUri;
        await HBaseTestTable.SeedAsync(clusters, HBaseTestTable.Oracle(10).Values, server);
        server.ResetCounters();
        server.Faults = new FakeHBaseFaults { Outage = FakeHBaseOutage.ServiceUnavailable };

        var connector = HBaseTestTable.Connector(clusters, ("lookup.max-retries", "2"), ("lookup.failure", "null-pad"), ("lookup.batch.linger", "0ms"));
        var metrics = new LookupMetrics(HBaseTestTable.Name);
        await using var batcher = new LookupBatcher(
            HBaseLookupClient.Create(connector, HBaseTestTable.Schema, [0], metrics), LookupOptions.From(connector) with { RetryDelay = TimeSpan.Zero }, metrics);

        var outcome = await batcher.LookupAsync(["user-2"]);

        Assert.Equal(LookupStatus.Failed, outcome.Status);
        Assert.Equal(LookupFailurePolicy.NullPad, outcome.Policy);
        var unavailable = Assert.IsType<HBaseUnavailableException>(outcome.Error);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, Assert.IsType<HBaseRestException>(unavailable.InnerExceptions[0]).Status);
        Assert.Equal(3, server.Requests); // the first attempt and two retries

        server.Faults = FakeHBaseFaults.None;
        Assert.Equal(LookupStatus.Found, (await batcher.LookupAsync(["user-2"])).Status);
    }
}
