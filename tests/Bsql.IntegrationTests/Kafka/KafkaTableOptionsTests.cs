using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Kafka;
using Bsql.Runtime.Execution;
using static Bsql.IntegrationTests.Kafka.KafkaTestJob;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>Option parsing of the <c>kafka</c> connector (no cluster needed).</summary>
public sealed class KafkaTableOptionsTests
{
    private static readonly RowSchema Schema2 = Schema(("id", SqlType.BigInt), ("name", SqlType.String));

    private static KafkaTableOptions Parse(params (string, string)[] options) =>
        KafkaTableOptions.Parse("t", Connector("kafka", [("topic", "a; b"), ("properties.bootstrap.servers", "h:1"), ("format", "json"), .. options]), Schema2);

    [Fact]
    public void Defaults_FollowFlink_AndPropertiesArePassedWithoutPrefix()
    {
        var options = Parse(("properties.fetch.min.bytes", "10"), ("properties.socket.timeout.ms", "1500"));
        Assert.Equal(["a", "b"], options.Topics.ToArray());
        Assert.Equal(KafkaStartupMode.GroupOffsets, options.StartupMode);
        Assert.Equal(KafkaBoundedMode.Unbounded, options.BoundedMode);
        Assert.Equal(KafkaDeliveryGuarantee.AtLeastOnce, options.DeliveryGuarantee);
        Assert.Equal("10", options.ClientProperties["fetch.min.bytes"]);
        Assert.Equal("h:1", options.ClientProperties["bootstrap.servers"]);
        Assert.Equal(1500, options.ConnectTimeoutMs);
        Assert.Equal([0, 1], options.ValueColumns.ToArray());
        Assert.Empty(options.KeyColumns);
    }

    [Fact]
    public void KeyFieldsExceptKey_SplitsKeyAndValueColumns_AndKeyFormatOptionsLoseTheirPrefix()
    {
        var options = Parse(("key.format", "csv"), ("key.fields", "name"), ("value.fields-include", "EXCEPT_KEY"));
        Assert.Equal([1], options.KeyColumns.ToArray());
        Assert.Equal([0], options.ValueColumns.ToArray());
        var key = KafkaTableOptions.KeyFormatOptions(Connector("kafka", ("key.csv.field-delimiter", ";"), ("json.ignore-parse-errors", "true")), "csv", "json");
        Assert.Equal(";", key.Get("csv.field-delimiter"));
        Assert.Equal("true", key.Get("csv.ignore-parse-errors"));
    }

    [Theory]
    [InlineData("scan.startup.mode", "newest", "option 'scan.startup.mode' must be earliest-offset, latest-offset, group-offsets or timestamp, found 'newest'")]
    [InlineData("scan.startup.mode", "timestamp", "option 'scan.startup.timestamp-millis' is required")]
    [InlineData("scan.bounded.mode", "forever", "option 'scan.bounded.mode' must be unbounded, latest-offset, group-offsets or timestamp, found 'forever'")]
    [InlineData("key.fields", "id", "option 'key.fields' needs 'key.format'")]
    [InlineData("key.format", "json", "option 'key.format' needs 'key.fields'")]
    [InlineData("sink.delivery-guarantee", "twice", "option 'sink.delivery-guarantee' must be at-least-once, exactly-once or none, found 'twice'")]
    [InlineData("properties.socket.timeout.ms", "soon", "option 'properties.socket.timeout.ms' must be a positive number of milliseconds, found 'soon'")]
    public void BadValue_IsBsql4001_NamingTheOption(string key, string value, string message)
    {
        var error = Assert.Throws<BsqlRuntimeException>(() => Parse((key, value)));
        Assert.Equal(RuntimeErrors.BadOptionValue, error.Code);
        Assert.Equal("table 't': " + message, error.Message);
    }

    [Fact]
    public void KeyFieldNotAColumn_IsBsql4001()
    {
        var error = Assert.Throws<BsqlRuntimeException>(() => Parse(("key.format", "json"), ("key.fields", "nope")));
        Assert.Equal("table 't': key field 'nope' is not a column of the table", error.Message);
    }
}
