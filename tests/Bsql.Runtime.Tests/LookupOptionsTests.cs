using System.Collections.Immutable;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Connectors.Jdbc;
using Bsql.Runtime.Connectors.Redis;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupOptionsTests
{
    private static ConnectorSpec Spec(string connector, params (string Key, string Value)[] options) =>
        new(connector, options.ToImmutableSortedDictionary(o => o.Key, o => o.Value));

    [Theory]
    [InlineData("5ms", 5)]
    [InlineData("10 s", 10_000)]
    [InlineData("10min", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250", 250)]
    [InlineData("1.5s", 1500)]
    public void Durations_ReadAsFlinkWritesThem(string text, double milliseconds)
    {
        Assert.True(DurationOption.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("5 parsecs")]
    public void NotADuration_IsRejected(string text) => Assert.False(DurationOption.TryParse(text, out _));

    [Fact]
    public void AbsentOptions_TakeTheDocumentedDefaults()
    {
        var options = LookupOptions.From(Spec("redis"));

        Assert.True(options.Async);
        Assert.Equal(128, options.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.BatchLinger);
        Assert.Equal(LookupCacheKind.None, options.Cache);
        Assert.Equal(10_000, options.CacheMaxRows);
        Assert.Equal(TimeSpan.FromMinutes(10), options.CacheTtl);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(LookupFailurePolicy.Fail, options.Failure);
    }

    [Fact]
    public void GivenOptions_AreRead()
    {
        var options = LookupOptions.From(Spec("jdbc",
            ("lookup.batch.size", "64"), ("lookup.batch.linger", "2ms"), ("lookup.cache", "lru"), ("lookup.cache.max-rows", "500"),
            ("lookup.cache.ttl", "30s"), ("lookup.max-retries", "0"), ("lookup.failure", "null-pad"), ("lookup.async", "false")));

        Assert.Equal(new LookupOptions
        {
            Async = false, BatchSize = 64, BatchLinger = TimeSpan.FromMilliseconds(2), Cache = LookupCacheKind.Lru, CacheMaxRows = 500,
            CacheTtl = TimeSpan.FromSeconds(30), MaxRetries = 0, Failure = LookupFailurePolicy.NullPad,
        }, options);
    }

    [Theory]
    [InlineData("lookup.batch.size", "0")]
    [InlineData("lookup.cache", "LFU")]
    [InlineData("lookup.failure", "ignore")]
    [InlineData("lookup.cache.ttl", "soon")]
    public void MalformedOption_IsReportedWithItsName(string key, string value)
    {
        var error = Assert.Throws<Bsql.Runtime.Execution.BsqlRuntimeException>(() => LookupOptions.From(Spec("redis", (key, value))));
        Assert.Equal("BSQL4001", error.Code);
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisUrl_GivesHostPortDatabaseAndPassword()
    {
        var options = RedisConnectorOptions.From(Spec("redis", ("url", "redis://:s3cret@cache.local:6390/4"), ("data-type", "hash"), ("sink.ttl", "1h")));

        Assert.Equal(("cache.local", 6390, 4, "s3cret"), (options.Host, options.Port, options.Database, options.Password));
        Assert.Equal(RedisDataType.Hash, options.DataType);
        Assert.Equal(TimeSpan.FromHours(1), options.SinkTtl);
        Assert.Equal(6379, RedisConnectorOptions.From(Spec("redis", ("url", "redis://h"))).Port);
    }

    [Fact]
    public void RedisKeyPattern_FillsPlaceholdersFromColumns()
    {
        RowField[] columns = [new("uid", SqlType.BigInt), new("region", SqlType.String)];

        Assert.Equal("user:42:eu", RedisKeyPattern.Compile("user:{uid}:{region}", columns).Format([42L, "eu"]));
        Assert.Equal("7-eu", RedisKeyPattern.Compile("{UID}-{ region }", columns).Format([7L, "eu"]));
        Assert.Equal("42:eu", RedisKeyPattern.Compile(null, columns).Format([42L, "eu"]));
        var error = Assert.Throws<Bsql.Runtime.Execution.BsqlRuntimeException>(() => RedisKeyPattern.Compile("user:{name}", columns));
        Assert.Equal("BSQL4001", error.Code);
    }

    [Fact]
    public void JdbcUrl_TranslatesToAnNpgsqlConnectionString()
    {
        var builder = JdbcConnectorOptions.ToConnectionString("jdbc:postgresql://db.local:5433/shop?user=app&password=p%40ss&sslmode=require");

        Assert.Equal("db.local", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("shop", builder.Database);
        Assert.Equal("app", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);

        var options = JdbcConnectorOptions.From(Spec("jdbc", ("url", "jdbc:postgresql://h/db"), ("table-name", "public.users"), ("username", "u"), ("password", "pw")));
        var fromOptions = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("h", 5432, "db", "u", "pw"), (fromOptions.Host, fromOptions.Port, fromOptions.Database, fromOptions.Username, fromOptions.Password));
        Assert.Equal("BSQL4001", Assert.Throws<Bsql.Runtime.Execution.BsqlRuntimeException>(() => JdbcConnectorOptions.ToConnectionString("jdbc:mysql://h/db")).Code);
    }

    [Fact]
    public void JdbcIdentifiers_AreQuoted()
    {
        Assert.Equal("\"we\"\"ird\"", JdbcSql.QuoteIdentifier("we\"ird"));
        Assert.Equal("\"public\".\"users\"", JdbcSql.QuoteTable("public.users"));
    }

    [Fact]
    public void HBaseClusters_AreNamedAndRouted()
    {
        var options = HBaseConnectorOptions.From(Spec("hbase",
            ("table-name", "ns:users"), ("clusters", "A=http://a:8080;B=http://b:8080/"), ("routing", "rt-balanced"), ("lookup.timeout", "20ms"), ("value.encoding", "text")));

        Assert.Equal(["A", "B"], options.Clusters.Select(c => c.Key));
        Assert.Equal(new Uri("http://a:8080/"), options.Clusters[0].Value);
        Assert.Equal(HBaseRouting.RtBalanced, options.Routing);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.Timeout);
        Assert.Equal(HBaseValueEncoding.Text, options.Encoding);
        Assert.Equal("BSQL4001", Assert.Throws<Bsql.Runtime.Execution.BsqlRuntimeException>(() => HBaseConnectorOptions.From(Spec("hbase", ("table-name", "t"), ("clusters", "A=ftp://x")))).Code);
    }
}
