using Bsql.Planner.Catalog.Connectors;

namespace Bsql.Planner.Tests;

public class OptionTests
{
    [Theory]
    [InlineData("10min", 600_000L)]
    [InlineData("5 s", 5_000L)]
    [InlineData("100ms", 100L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("2 days", 172_800_000L)]
    [InlineData("250", 250L)]
    [InlineData("30 SECONDS", 30_000L)]
    [InlineData("1500us", 1L)]
    public void Duration_ParsesLikeFlink(string text, long ms)
    {
        Assert.True(OptionValues.TryParseDuration(text, out var value));
        Assert.Equal(ms, value);
    }

    [Theory]
    [InlineData("ten minutes")]
    [InlineData("1.5s")]
    [InlineData("5 fortnights")]
    [InlineData("")]
    public void Duration_RejectsOtherText(string text) => Assert.False(OptionValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData("64mb", 64L << 20)]
    [InlineData("1 gb", 1L << 30)]
    [InlineData("512k", 512L << 10)]
    [InlineData("100", 100L)]
    public void MemorySize_ParsesLikeFlink(string text, long bytes)
    {
        Assert.True(OptionValues.TryParseMemorySize(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("password", "x", true)]
    [InlineData("properties.sasl.jaas.config", "x", true)]
    [InlineData("api-token", "x", true)]
    [InlineData("url", "${env:DB_URL}", true)]
    [InlineData("path", "${file:/run/secret}", true)]
    [InlineData("topic", "events", false)]
    public void Redaction_HidesSecretsAndReferences(string key, string value, bool hidden) =>
        Assert.Equal(hidden ? OptionRedaction.Redacted : value, OptionRedaction.Show(key, value));

    [Fact]
    public void Registry_DescribesEveryConnectorOfTheLanguage()
    {
        string[] names = ["kafka", "redis", "hbase", "jdbc", "filesystem", "datagen", "nexmark", "print", "blackhole"];
        Assert.Equal(names.Order(), ConnectorRegistry.Connectors.Keys.Order());
        Assert.Equal(["csv", "json", "raw"], ConnectorRegistry.Formats.Keys.Order().ToArray());
        Assert.Equal(ConnectorCapabilities.Lookup | ConnectorCapabilities.Sink, ConnectorRegistry.FindConnector("redis")!.Capabilities);
        Assert.True(ConnectorRegistry.FindConnector("kafka")!.Find("properties.bootstrap.servers")!.Required);
    }

    [Fact]
    public void EnvironmentReferences_AreNotTypeChecked()
    {
        var result = BsqlCompiler.Compile("""
            CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '${env:RATE}');
            CREATE TABLE o (a INT) WITH ('connector' = 'print');
            INSERT INTO o SELECT a FROM s;
            """, "env.sql");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
