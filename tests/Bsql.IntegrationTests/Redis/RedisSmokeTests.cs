using Bsql.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Bsql.IntegrationTests.Redis;

/// <summary>Proves the Redis plumbing: StackExchange.Redis 1.2.6 against the server at <c>BSQL_TEST_REDIS</c>.</summary>
public sealed class RedisSmokeTests
{
    [RequiresServerFact(TestServer.Redis)]
    public async Task SetThenGet_ReturnsTheValue()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var db = redis.GetDatabase();
        var key = "bsql:smoke:" + Guid.NewGuid().ToString("N");

        Assert.True(await db.StringSetAsync(key, "héllo", TimeSpan.FromMinutes(1)));

        Assert.Equal("héllo", (string?)await db.StringGetAsync(key));
        Assert.True((await db.StringGetAsync(key + ":missing")).IsNull);
        await db.KeyDeleteAsync(key);
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task HyperLogLog_CountsDistinctElements()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var db = redis.GetDatabase();
        var small = "bsql:smoke:hll-small:" + Guid.NewGuid().ToString("N");
        var large = "bsql:smoke:hll-large:" + Guid.NewGuid().ToString("N");

        await db.HyperLogLogAddAsync(small, ["a", "b", "c", "a", "b"]);
        // Small cardinalities use HLL's sparse representation, which is exact.
        Assert.Equal(3, await db.HyperLogLogLengthAsync(small));

        var values = Enumerable.Range(0, 20_000).Select(i => (RedisValue)$"user-{i % 10_000}").ToArray();
        await db.HyperLogLogAddAsync(large, values);
        var estimate = await db.HyperLogLogLengthAsync(large);
        // Redis' HLL has a standard error of 0.81%; 3% is far outside any plausible estimate.
        Assert.InRange(estimate, 9_700, 10_300);

        await db.KeyDeleteAsync([small, large]);
    }
}
