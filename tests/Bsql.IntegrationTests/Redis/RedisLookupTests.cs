using System.Collections.Immutable;
using System.Globalization;
using Bsql.IntegrationTests.Infrastructure;
using Bsql.IntegrationTests.Lookup;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Redis;
using Bsql.Runtime.Lookup;
using StackExchange.Redis;

namespace Bsql.IntegrationTests.Redis;

/// <summary>Redis lookups and the Redis sink against the real server at <c>BSQL_TEST_REDIS</c>.</summary>
public sealed class RedisLookupTests : IAsyncLifetime
{
    private static readonly RowSchema Users = new([
        new RowField("uid", SqlType.BigInt), new RowField("name", SqlType.String), new RowField("score", SqlType.Double),
        new RowField("born", SqlType.Date), new RowField("active", SqlType.Boolean), new RowField("since", SqlType.Timestamp(3)),
    ]);

    private readonly string _prefix = "bsqltest:" + Guid.NewGuid().ToString("N")[..8] + ":";
    private ConnectionMultiplexer? _redis;

    private ConnectionMultiplexer Redis => _redis!;

    public async Task InitializeAsync()
    {
        if (TestServers.SkipReason(TestServer.Redis) is null)
        {
            // Admin mode for INFO commandstats, which counts the commands the server received.
            var configuration = RedisConnectorOptions.From(Connector("string", "")).ToConfiguration();
            configuration.AllowAdmin = true;
            _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        }
    }

    public async Task DisposeAsync()
    {
        if (_redis is null) return;
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: _prefix + "*", pageSize: 1000).ToArray();
        if (keys.Length > 0) await _redis.GetDatabase().KeyDeleteAsync(keys);
        await _redis.CloseAsync(allowCommandsToComplete: false);
        _redis.Dispose();
    }

    private ConnectorSpec Connector(string dataType, string pattern, params (string Key, string Value)[] more) =>
        new("redis", new[] { ("url", "redis://" + TestServers.Redis), ("data-type", dataType), ("key-pattern", _prefix + pattern) }
            .Concat(more).ToImmutableSortedDictionary(o => o.Item1, o => o.Item2));

    /// <summary>Users with an even uid exist; every 5th has NULL name and since.</summary>
    private static Dictionary<long, object?[]> Oracle(int count)
    {
        var rows = new Dictionary<long, object?[]>();
        for (long uid = 0; uid < count; uid += 2)
        {
            var nulls = uid % 5 == 0;
            rows[uid] = [uid, nulls ? null : "user \"" + uid + "\" ü", uid / 8.0, new DateOnly(1990, 1, 1).AddDays((int)uid), uid % 3 == 0,
                nulls ? null : new DateTime(2024, 1, 31, 12, 0, 0, 250, DateTimeKind.Unspecified).AddMinutes(uid)];
        }
        return rows;
    }

    private long Calls(string command)
    {
        var server = Redis.GetServer(Redis.GetEndPoints()[0]);
        var stats = server.Info("commandstats").SelectMany(g => g).FirstOrDefault(kv => kv.Key == "cmdstat_" + command).Value;
        if (stats is null) return 0;
        var calls = stats.Split(',').First(p => p.StartsWith("calls=", StringComparison.Ordinal))[6..];
        return long.Parse(calls, CultureInfo.InvariantCulture);
    }

    private static async Task<LookupOutcome[]> LookupAllAsync(LookupBatcher batcher, IEnumerable<object?[]> keys) =>
        await Task.WhenAll(keys.Select(k => batcher.LookupAsync(k).AsTask()));

    [RequiresServerFact(TestServer.Redis)]
    public async Task StringType_LookupsMatchTheOracle_InCeilingOfNOverBatchSizeMgets()
    {
        var connector = Connector("string", "user:{uid}", ("lookup.batch.size", "100"), ("lookup.batch.linger", "200ms"));
        var oracle = Oracle(600);
        await using (var writer = await RedisUpsertWriter.ConnectAsync(connector, Users, [0]))
        {
            await writer.UpsertAsync(oracle.Values.ToArray(), CancellationToken.None);
        }
        var metrics = new LookupMetrics("users");
        // The batcher's clock is manual: the last, partial batch lingers until every key is queued.
        var time = new Bsql.Runtime.Tests.LookupManualTime();
        await using var batcher = new LookupBatcher(await RedisLookupClient.ConnectAsync(connector, Users, [0]), LookupOptions.From(connector), metrics, time);
        var mgetsBefore = Calls("mget");

        var outcomes = await time.RunUntilDoneAsync(LookupAllAsync(batcher, Enumerable.Range(0, 600).Select(i => new object?[] { (long)i })), TimeSpan.FromMilliseconds(200));

        Assert.Equal(6, Calls("mget") - mgetsBefore); // ceil(600 / 100), counted by the server
        for (var uid = 0; uid < 600; uid++)
        {
            if (oracle.TryGetValue(uid, out var expected)) Assert.Equal(expected, Assert.Single(outcomes[uid].Rows));
            else Assert.Equal(LookupStatus.Missing, outcomes[uid].Status);
        }
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task HashType_WithACompositeKeyPattern_ReadsTypedColumns_AndNullsRemoveFields()
    {
        var schema = new RowSchema([
            new RowField("region", SqlType.String), new RowField("id", SqlType.Int), new RowField("balance", SqlType.Decimal(12, 2)),
            new RowField("note", SqlType.String), new RowField("opened", SqlType.TimestampLtz(3)),
        ]);
        var connector = Connector("hash", "acct:{region}:{id}", ("lookup.batch.linger", "0ms"));
        object?[][] rows =
        [
            ["eu", 1, 10.50m, "first", new DateTime(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc)],
            ["eu", 2, -3.25m, null, null],
            ["us", 1, 0m, "other region", new DateTime(2023, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc)],
        ];
        await using var writer = await RedisUpsertWriter.ConnectAsync(connector, schema, [0, 1]);
        await writer.UpsertAsync(rows, CancellationToken.None);
        Assert.Equal("10.50", (string?)await Redis.GetDatabase().HashGetAsync(_prefix + "acct:eu:1", "balance"));

        await using var client = await RedisLookupClient.ConnectAsync(connector, schema, [0, 1]);
        var found = await client.LookupBatchAsync([["eu", 1], ["eu", 2], ["us", 1], ["us", 2], ["eu", 3]], CancellationToken.None);
        Assert.Equal(rows[0], Assert.Single(found[0]));
        Assert.Equal(rows[1], Assert.Single(found[1]));
        Assert.Equal(rows[2], Assert.Single(found[2]));
        Assert.Empty(found[3]);
        Assert.Empty(found[4]);

        // An upsert that sets a column to NULL removes its field; the row reads back with NULL there.
        await writer.UpsertAsync([["eu", 1, 11m, null, null]], CancellationToken.None);
        Assert.False(await Redis.GetDatabase().HashExistsAsync(_prefix + "acct:eu:1", "note"));
        Assert.Equal(new object?[] { "eu", 1, 11m, null, null }, Assert.Single((await client.LookupBatchAsync([["eu", 1]], CancellationToken.None))[0]));

        await writer.DeleteAsync([["eu", 2, null, null, null]], CancellationToken.None);
        Assert.Empty((await client.LookupBatchAsync([["eu", 2]], CancellationToken.None))[0]);
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task ValuesWrittenByOthers_AreCastToTheColumnTypes()
    {
        var db = Redis.GetDatabase();
        await db.HashSetAsync(_prefix + "h:7", [new("uid", "7"), new("score", "2.5"), new("born", "2000-02-29"), new("active", "true"), new("unknown", "x")]);
        await db.StringSetAsync(_prefix + "s:7", """{"name":"Zoë","score":"3","born":"2000-02-29","active":false,"since":"2024-01-31T12:00:00"}""");

        await using var hash = await RedisLookupClient.ConnectAsync(Connector("hash", "h:{uid}"), Users, [0]);
        await using var json = await RedisLookupClient.ConnectAsync(Connector("string", "s:{uid}"), Users, [0]);

        Assert.Equal(new object?[] { 7L, null, 2.5, new DateOnly(2000, 2, 29), true, null }, Assert.Single((await hash.LookupBatchAsync([[7L]], CancellationToken.None))[0]));
        // The key column is absent from the JSON value: it is filled from the key.
        Assert.Equal(new object?[] { 7L, "Zoë", 3.0, new DateOnly(2000, 2, 29), false, new DateTime(2024, 1, 31, 12, 0, 0) },
            Assert.Single((await json.LookupBatchAsync([[7L]], CancellationToken.None))[0]));
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task Cache_ServesRepeatedKeysWithoutRedis_UntilTheTtlExpires()
    {
        var connector = Connector("string", "c:{uid}", ("lookup.cache", "LRU"), ("lookup.cache.ttl", "1min"), ("lookup.batch.linger", "0ms"));
        await using var writer = await RedisUpsertWriter.ConnectAsync(connector, Users, [0]);
        await writer.UpsertAsync([[1L, "before", 1.0, null, true, null]], CancellationToken.None);
        var time = new Bsql.Runtime.Tests.LookupManualTime();
        await using var batcher = new LookupBatcher(await RedisLookupClient.ConnectAsync(connector, Users, [0]), LookupOptions.From(connector), new LookupMetrics("c"), time);

        Assert.Equal("before", (await batcher.LookupAsync([1L])).Rows[0][1]);
        Assert.Equal(LookupStatus.Missing, (await batcher.LookupAsync([2L])).Status);
        await writer.UpsertAsync([[1L, "after", 1.0, null, true, null], [2L, "new", 2.0, null, false, null]], CancellationToken.None);
        var mgets = Calls("mget");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("before", (await batcher.LookupAsync([1L])).Rows[0][1]);
        Assert.Equal(LookupStatus.Missing, (await batcher.LookupAsync([2L])).Status); // a cached miss
        Assert.Equal(mgets, Calls("mget"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("after", (await batcher.LookupAsync([1L])).Rows[0][1]);
        Assert.Equal("new", (await batcher.LookupAsync([2L])).Rows[0][1]);
        Assert.Equal(mgets + 2, Calls("mget"));
        Assert.Equal(2, batcher.Metrics.CacheHits);
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task SinkTtl_ExpiresWrittenKeys()
    {
        var connector = Connector("string", "t:{uid}", ("sink.ttl", "30s"));
        await using var writer = await RedisUpsertWriter.ConnectAsync(connector, Users, [0]);

        await writer.UpsertAsync([[5L, "x", 0.0, null, null, null]], CancellationToken.None);

        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "t:5");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }
}
