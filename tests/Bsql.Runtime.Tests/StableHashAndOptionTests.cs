using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;

namespace Bsql.Runtime.Tests;

public sealed class StableHashAndOptionTests
{
    [Fact]
    public void StableHash_DependsOnValuesOnly_AndSpreadsKeysEvenly()
    {
        // Checkpoints and Kafka repartitioning depend on it: equal SQL values hash alike whatever their boxing.
        Assert.Equal(StableHash.Of("abc"), StableHash.Of(new string(['a', 'b', 'c'])));
        Assert.Equal(StableHash.Of(42L), StableHash.Of(42));
        Assert.Equal(StableHash.Of(1.5m), StableHash.Of(1.50m));
        Assert.NotEqual(StableHash.Of("ab"), StableHash.Of("ba"));
        Assert.Equal(0x5bd1e995UL, StableHash.Of(null));
        var spread = Enumerable.Range(0, 10_000).GroupBy(i => StableHash.Subtask(StableHash.Of((long)i), 4)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, spread.Count);
        Assert.All(spread.Values, n => Assert.InRange(n, 2_000, 3_000));
    }

    [Fact]
    public void OptionResolver_ResolvesEnvAndFileReferences()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "s3cret\n");
        Environment.SetEnvironmentVariable("BSQL_TEST_HOST", "kafka:9092");
        try
        {
            var spec = PlanBuilder.Connector("kafka", ("properties.bootstrap.servers", "${env:BSQL_TEST_HOST}"), ("properties.sasl.password", "${file:" + file + "}"), ("topic", "t"));
            var resolved = OptionResolver.Resolve(spec, "orders");
            Assert.Equal("kafka:9092", resolved.Get("properties.bootstrap.servers"));
            Assert.Equal("s3cret", resolved.Get("properties.sasl.password"));
            Assert.Equal("t", resolved.Get("topic"));
            var missing = Assert.Throws<BsqlRuntimeException>(() => OptionResolver.Resolve(PlanBuilder.Connector("kafka", ("topic", "${env:BSQL_TEST_NOPE}")), "orders"));
            Assert.Equal("BSQL4005", missing.Code);
            Assert.Contains("BSQL_TEST_NOPE", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            Environment.SetEnvironmentVariable("BSQL_TEST_HOST", null);
        }
    }
}
