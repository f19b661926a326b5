using System.Globalization;
using Bsql.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Bsql.IntegrationTests.LookupJoin;

/// <summary>Lookup joins from SQL against the real Redis at <c>BSQL_TEST_REDIS</c> (<c>data-type = hash</c>).</summary>
public sealed class LookupJoinRedisTests : IAsyncLifetime
{
    private readonly string _prefix = "bsqltest:" + Guid.NewGuid().ToString("N")[..8] + ":";
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync()
    {
        if (TestServers.SkipReason(TestServer.Redis) is null) _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
    }

    public async Task DisposeAsync()
    {
        if (_redis is null) return;
        var db = _redis.GetDatabase();
        for (var uid = 0; uid < 60; uid++) await db.KeyDeleteAsync(_prefix + "user:" + uid);
        await _redis.CloseAsync();
        _redis.Dispose();
    }

    /// <summary>user:{uid} exists for even uid &lt; 60; score = uid / 4; name NULL (no field) when uid % 10 == 0.</summary>
    private async Task<Dictionary<long, (string? Name, double Score)>> SeedAsync()
    {
        var db = _redis!.GetDatabase();
        var users = new Dictionary<long, (string? Name, double Score)>();
        for (long uid = 0; uid < 60; uid += 2)
        {
            var name = uid % 10 == 0 ? null : "name " + uid;
            var score = uid / 4.0;
            users[uid] = (name, score);
            var fields = new List<HashEntry> { new("uid", uid), new("score", score.ToString(CultureInfo.InvariantCulture)) };
            if (name is not null) fields.Add(new("name", name));
            await db.HashSetAsync(_prefix + "user:" + uid, [.. fields]);
        }
        return users;
    }

    private string Sql(string join) => $"""
        CREATE TABLE orders (oid BIGINT, uid BIGINT, proc AS PROCTIME())
          WITH ('connector' = 'filesystem', 'path' = '{"{orders}"}', 'format' = 'json');
        CREATE TABLE users (uid BIGINT, name STRING, score DOUBLE, PRIMARY KEY (uid) NOT ENFORCED)
          WITH ('connector' = 'redis', 'url' = 'redis://{TestServers.Redis}', 'data-type' = 'hash',
                'key-pattern' = '{_prefix}user:{"{uid}"}', 'lookup.batch.size' = '32');
        CREATE TABLE out_rows (oid BIGINT, uid BIGINT, name STRING, score DOUBLE) WITH ('connector' = 'blackhole');
        INSERT INTO out_rows
        SELECT o.oid, o.uid, u.name, u.score
        FROM orders AS o {join} users FOR SYSTEM_TIME AS OF o.proc AS u ON u.uid = o.uid;
        """;

    private static string Line(long oid, object? uid, string? name, double? score) =>
        string.Create(CultureInfo.InvariantCulture, $"{oid}|{uid ?? "NULL"}|{name ?? "NULL"}|{(score is { } s ? s.ToString(CultureInfo.InvariantCulture) : "NULL")}");

    [RequiresServerFact(TestServer.Redis)]
    public async Task InnerJoin_MatchesTheOracle()
    {
        var users = await SeedAsync();
        var orders = LookupJoinTestJob.Orders(400, i => (long)(i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql("JOIN"), orders);

        var expected = orders.Where(o => o.Uid is long k && users.ContainsKey(k))
            .Select(o => Line(o.Oid, o.Uid, users[(long)o.Uid!].Name, users[(long)o.Uid!].Score)).ToList();
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, LookupJoinTestJob.Lines(rows));
    }

    [RequiresServerFact(TestServer.Redis)]
    public async Task LeftJoin_NullPadsMissingAndNullKeys()
    {
        var users = await SeedAsync();
        var orders = LookupJoinTestJob.Orders(400, i => (long)(i % 90));

        var rows = await LookupJoinTestJob.RunAsync(Sql("LEFT JOIN"), orders);

        var expected = orders.Select(o => o.Uid is long k && users.TryGetValue(k, out var u)
            ? Line(o.Oid, o.Uid, u.Name, u.Score)
            : Line(o.Oid, o.Uid, null, null)).ToList();
        Assert.Equal(expected, LookupJoinTestJob.Lines(rows));
    }
}
