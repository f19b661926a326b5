using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupCacheTests
{
    private static LookupKey Key(params object?[] values) => new(values);

    private static object?[][] Rows(params object?[][] rows) => rows;

    [Fact]
    public void FullCache_EvictsTheLeastRecentlyUsedKey()
    {
        var cache = new LookupCache(maxRows: 2, ttl: TimeSpan.FromMinutes(1), new LookupManualTime());
        cache.Put(Key(1L), Rows([1L, "a"]));
        cache.Put(Key(2L), Rows([2L, "b"]));
        Assert.True(cache.TryGet(Key(1L), out _)); // 1 is now more recent than 2

        cache.Put(Key(3L), Rows([3L, "c"]));

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(Key(2L), out _));
        Assert.True(cache.TryGet(Key(1L), out var one));
        Assert.Equal("a", one[0][1]);
        Assert.True(cache.TryGet(Key(3L), out var three));
        Assert.Equal("c", three[0][1]);
    }

    [Fact]
    public void Entries_ExpireAfterTheTtl_MissesToo()
    {
        var time = new LookupManualTime();
        var cache = new LookupCache(100, TimeSpan.FromSeconds(10), time);
        cache.Put(Key("hit"), Rows(["hit", 1]));
        cache.Put(Key("miss"), LookupOutcome.NoRows);

        time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.True(cache.TryGet(Key("hit"), out var rows));
        Assert.Single(rows);
        Assert.True(cache.TryGet(Key("miss"), out var none));
        Assert.Empty(none);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(Key("hit"), out _));
        Assert.False(cache.TryGet(Key("miss"), out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(2, cache.Hits);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public void Put_OfAnExistingKey_ReplacesItsRowsAndRenewsItsTtl()
    {
        var time = new LookupManualTime();
        var cache = new LookupCache(10, TimeSpan.FromSeconds(10), time);
        cache.Put(Key(1L), Rows([1L, "old"]));
        time.Advance(TimeSpan.FromSeconds(8));
        cache.Put(Key(1L), Rows([1L, "new"]));
        time.Advance(TimeSpan.FromSeconds(8));

        Assert.True(cache.TryGet(Key(1L), out var rows));
        Assert.Equal("new", rows[0][1]);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Keys_CompareByValue_ByteArraysByContent()
    {
        var cache = new LookupCache(10, TimeSpan.FromMinutes(1));
        cache.Put(Key(new byte[] { 1, 2, 3 }, "x"), Rows(["row"]));

        Assert.True(cache.TryGet(Key(new byte[] { 1, 2, 3 }, "x"), out _));
        Assert.False(cache.TryGet(Key(new byte[] { 1, 2, 4 }, "x"), out _));
        Assert.False(cache.TryGet(Key(new byte[] { 1, 2, 3 }, "y"), out _));
    }

    [Fact]
    public void ConcurrentUse_StaysConsistentAndBounded()
    {
        var cache = new LookupCache(500, TimeSpan.FromMinutes(1));
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var key = Key((long)(i % 1000));
            if (cache.TryGet(key, out var rows)) Assert.Equal(i % 1000, (long)rows[0][0]!);
            else cache.Put(key, Rows([(long)(i % 1000)]));
        });

        Assert.Equal(500, cache.Count);
        Assert.Equal(20_000, cache.Hits + cache.Misses);
    }
}
