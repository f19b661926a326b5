using System.Collections.Immutable;
using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>WITH</c> options of a <c>kafka</c> table, parsed and checked (names as in Flink's Kafka
/// connector). Every <c>properties.X</c> option is passed to librdkafka as <c>X</c>.
/// </summary>
public sealed class KafkaTableOptions
{
    /// <summary>Default of the connect timeout when <c>properties.socket.timeout.ms</c> is not set.</summary>
    public const int DefaultConnectTimeoutMs = 30_000;

    private KafkaTableOptions(string table) => Table = table;

    /// <summary>The table name (for messages).</summary>
    public string Table { get; }

    /// <summary><c>topic</c>: one or more topics separated by <c>;</c> (a sink writes to exactly one).</summary>
    public ImmutableArray<string> Topics { get; private init; }

    /// <summary><c>properties.bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; private init; } = "";

    /// <summary>Every <c>properties.*</c> option without its prefix.</summary>
    public ImmutableSortedDictionary<string, string> ClientProperties { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>
    /// How long opening the connector may wait for the cluster (metadata, offsets, transactions):
    /// <c>properties.socket.timeout.ms</c>, else <see cref="DefaultConnectTimeoutMs"/>.
    /// </summary>
    public int ConnectTimeoutMs { get; private init; }

    /// <summary><c>scan.startup.mode</c>.</summary>
    public KafkaStartupMode StartupMode { get; private init; }

    /// <summary><c>scan.startup.timestamp-millis</c>.</summary>
    public long StartupTimestampMs { get; private init; }

    /// <summary><c>scan.bounded.mode</c>.</summary>
    public KafkaBoundedMode BoundedMode { get; private init; }

    /// <summary><c>scan.bounded.timestamp-millis</c>.</summary>
    public long BoundedTimestampMs { get; private init; }

    /// <summary>The value format (<c>format</c> or <c>value.format</c>).</summary>
    public string ValueFormat { get; private init; } = "";

    /// <summary><c>key.format</c>, or null.</summary>
    public string? KeyFormat { get; private init; }

    /// <summary>Positions (in the table's physical schema) of the <c>key.fields</c> columns, in key order.</summary>
    public ImmutableArray<int> KeyColumns { get; private init; } = [];

    /// <summary>Positions of the columns the value holds: all (<c>value.fields-include = ALL</c>) or all but the key columns (<c>EXCEPT_KEY</c>).</summary>
    public ImmutableArray<int> ValueColumns { get; private init; } = [];

    /// <summary><c>sink.delivery-guarantee</c>.</summary>
    public KafkaDeliveryGuarantee DeliveryGuarantee { get; private init; }

    /// <summary><c>sink.transactional-id-prefix</c> (default: the job id).</summary>
    public string? TransactionalIdPrefix { get; private init; }

    /// <summary>
    /// <c>sink.transaction-marker-topic</c> (exactly-once): where each transaction also writes a marker of the
    /// checkpoint it commits (default <see cref="DefaultMarkerTopic"/>).
    /// </summary>
    public string MarkerTopic { get; private init; } = DefaultMarkerTopic;

    /// <summary>The default <c>sink.transaction-marker-topic</c>.</summary>
    public const string DefaultMarkerTopic = "bsql-transaction-markers";

    /// <summary><c>sink.partitioner</c>: <c>default</c>, <c>fixed</c> or <c>round-robin</c>.</summary>
    public string Partitioner { get; private init; } = "default";

    /// <summary>Parses and checks the options of <paramref name="table"/> over <paramref name="schema"/>; BSQL4001 on a bad value.</summary>
    public static KafkaTableOptions Parse(string table, ConnectorSpec connector, RowSchema schema)
    {
        BsqlRuntimeException Bad(string message) => new(RuntimeErrors.BadOptionValue, $"table '{table}': {message}");
        string Required(string key) => connector.Get(key) is { Length: > 0 } v ? v : throw Bad($"option '{key}' is required");

        var topics = Required("topic").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (topics.Length == 0) throw Bad("option 'topic' names no topic");
        var properties = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in connector.Options)
        {
            if (key.StartsWith("properties.", StringComparison.Ordinal)) properties[key["properties.".Length..]] = value;
        }
        var bootstrap = Required("properties.bootstrap.servers");
        var timeout = DefaultConnectTimeoutMs;
        if (properties.TryGetValue("socket.timeout.ms", out var socketTimeout)
            && (!int.TryParse(socketTimeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out timeout) || timeout <= 0))
        {
            throw Bad($"option 'properties.socket.timeout.ms' must be a positive number of milliseconds, found '{socketTimeout}'");
        }

        var startup = connector.Get("scan.startup.mode", "group-offsets") switch
        {
            "earliest-offset" => KafkaStartupMode.EarliestOffset,
            "latest-offset" => KafkaStartupMode.LatestOffset,
            "group-offsets" => KafkaStartupMode.GroupOffsets,
            "timestamp" => KafkaStartupMode.Timestamp,
            var other => throw Bad($"option 'scan.startup.mode' must be earliest-offset, latest-offset, group-offsets or timestamp, found '{other}'"),
        };
        var bounded = connector.Get("scan.bounded.mode", "unbounded") switch
        {
            "unbounded" => KafkaBoundedMode.Unbounded,
            "latest-offset" => KafkaBoundedMode.LatestOffset,
            "group-offsets" => KafkaBoundedMode.GroupOffsets,
            "timestamp" => KafkaBoundedMode.Timestamp,
            var other => throw Bad($"option 'scan.bounded.mode' must be unbounded, latest-offset, group-offsets or timestamp, found '{other}'"),
        };
        long Millis(string key) => long.TryParse(Required(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms
            : throw Bad($"option '{key}' must be epoch milliseconds, found '{connector.Get(key)}'");
        var startupTs = startup == KafkaStartupMode.Timestamp ? Millis("scan.startup.timestamp-millis") : 0;
        var boundedTs = bounded == KafkaBoundedMode.Timestamp ? Millis("scan.bounded.timestamp-millis") : 0;

        var valueFormat = connector.Get("format") ?? connector.Get("value.format") ?? throw Bad("option 'format' is required");
        var keyFormat = connector.Get("key.format");
        var keyColumns = ImmutableArray<int>.Empty;
        if (connector.Get("key.fields") is { } keyFields)
        {
            var prefix = connector.Get("key.fields-prefix", "")!;
            var builder = ImmutableArray.CreateBuilder<int>();
            foreach (var name in keyFields.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var index = schema.IndexOf(name);
                if (index < 0) throw Bad($"key field '{name}' is not a column of the table");
                if (!name.StartsWith(prefix, StringComparison.Ordinal)) throw Bad($"key field '{name}' does not start with key.fields-prefix '{prefix}'");
                builder.Add(index);
            }
            keyColumns = builder.ToImmutable();
            if (keyColumns.Length > 0 && keyFormat is null) throw Bad("option 'key.fields' needs 'key.format'");
        }
        if (keyFormat is not null && keyColumns.Length == 0) throw Bad("option 'key.format' needs 'key.fields'");
        var include = connector.Get("value.fields-include", "ALL")!;
        var valueColumns = include.ToUpperInvariant() switch
        {
            "ALL" => Enumerable.Range(0, schema.Count).ToImmutableArray(),
            "EXCEPT_KEY" => Enumerable.Range(0, schema.Count).Where(i => !keyColumns.Contains(i)).ToImmutableArray(),
            _ => throw Bad($"option 'value.fields-include' must be ALL or EXCEPT_KEY, found '{include}'"),
        };

        var guarantee = connector.Get("sink.delivery-guarantee", "at-least-once") switch
        {
            "at-least-once" => KafkaDeliveryGuarantee.AtLeastOnce,
            "exactly-once" => KafkaDeliveryGuarantee.ExactlyOnce,
            "none" => KafkaDeliveryGuarantee.None,
            var other => throw Bad($"option 'sink.delivery-guarantee' must be at-least-once, exactly-once or none, found '{other}'"),
        };
        var partitioner = connector.Get("sink.partitioner", "default")!;
        if (partitioner is not ("default" or "fixed" or "round-robin"))
        {
            throw Bad($"option 'sink.partitioner' must be default, fixed or round-robin, found '{partitioner}'");
        }

        return new KafkaTableOptions(table)
        {
            Topics = [.. topics],
            BootstrapServers = bootstrap,
            ClientProperties = properties.ToImmutable(),
            ConnectTimeoutMs = timeout,
            StartupMode = startup,
            StartupTimestampMs = startupTs,
            BoundedMode = bounded,
            BoundedTimestampMs = boundedTs,
            ValueFormat = valueFormat,
            KeyFormat = keyFormat,
            KeyColumns = keyColumns,
            ValueColumns = valueColumns,
            DeliveryGuarantee = guarantee,
            TransactionalIdPrefix = connector.Get("sink.transactional-id-prefix"),
            Partitioner = partitioner,
            MarkerTopic = connector.Get("sink.transaction-marker-topic") is { Length: > 0 } markers ? markers : DefaultMarkerTopic,
        };
    }

    /// <summary>
    /// The options a format sees for the key: <c>key.&lt;format&gt;.x</c> as <c>&lt;format&gt;.x</c>, and the value
    /// format's error policy when the key sets none.
    /// </summary>
    public static ConnectorSpec KeyFormatOptions(ConnectorSpec connector, string keyFormat, string valueFormat)
    {
        var options = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in connector.Options)
        {
            if (key.StartsWith("key." + keyFormat + ".", StringComparison.Ordinal)) options[key["key.".Length..]] = value;
        }
        foreach (var policy in new[] { ".ignore-parse-errors", ".dead-letter" })
        {
            if (!options.ContainsKey(keyFormat + policy) && connector.Get(valueFormat + policy) is { } inherited) options[keyFormat + policy] = inherited;
        }
        return new ConnectorSpec(connector.Connector, options.ToImmutable());
    }

    /// <summary>The sub-schema of <paramref name="schema"/> made of <paramref name="columns"/>.</summary>
    public static RowSchema Project(RowSchema schema, ImmutableArray<int> columns) => new([.. columns.Select(i => schema[i])]);
}
