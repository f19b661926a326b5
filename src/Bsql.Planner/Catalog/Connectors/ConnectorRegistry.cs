using System.Collections.Immutable;
using static Bsql.Planner.Catalog.Connectors.OptionDescriptor;

namespace Bsql.Planner.Catalog.Connectors;

/// <summary>The built-in connectors and formats and the options each accepts (names follow Flink's).</summary>
public static class ConnectorRegistry
{
    private static readonly OptionDescriptor[] LookupOptions =
    [
        Optional("lookup.async", OptionKind.Bool, "look up without blocking the stream", "true") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.batch.size", OptionKind.Int, "keys fetched per round trip", "128") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.batch.linger", OptionKind.Duration, "how long to wait to fill a batch", "5ms") with { AppliesTo = ConnectorCapabilities.Lookup },
        OneOf("lookup.cache", "lookup cache", "NONE", "NONE", "LRU", "PARTIAL") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.cache.max-rows", OptionKind.Long, "LRU cache size", "10000") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.cache.ttl", OptionKind.Duration, "cache entry lifetime (also for misses)", "10min") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.cache.caching-missing-key", OptionKind.Bool, "cache misses too", "true") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.max-retries", OptionKind.Int, "retries of a failed lookup", "3") with { AppliesTo = ConnectorCapabilities.Lookup },
        OneOf("lookup.failure", "what a failed lookup does", "fail", "fail", "null-pad", "dead-letter") with { AppliesTo = ConnectorCapabilities.Lookup },
        Optional("lookup.dead-letter", OptionKind.String, "sink table receiving the rows whose lookup failed (lookup.failure = dead-letter)") with { AppliesTo = ConnectorCapabilities.Lookup },
    ];

    private static readonly OptionDescriptor SinkParallelism = Optional("sink.parallelism", OptionKind.Int, "parallelism of the sink") with { AppliesTo = ConnectorCapabilities.Sink };

    /// <summary>Every connector by name.</summary>
    public static ImmutableSortedDictionary<string, ConnectorDescriptor> Connectors { get; } = BuildConnectors();

    /// <summary>Every format by name.</summary>
    public static ImmutableSortedDictionary<string, FormatDescriptor> Formats { get; } = BuildFormats();

    /// <summary>The connector named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ConnectorDescriptor? FindConnector(string name) =>
        Connectors.TryGetValue(name.Trim().ToLowerInvariant(), out var c) ? c : null;

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static FormatDescriptor? FindFormat(string name) =>
        Formats.TryGetValue(name.Trim().ToLowerInvariant(), out var f) ? f : null;

    private static ImmutableSortedDictionary<string, ConnectorDescriptor> BuildConnectors()
    {
        var list = new List<ConnectorDescriptor>
        {
            new("kafka", ConnectorCapabilities.Source | ConnectorCapabilities.Sink,
            [
                Optional("topic", OptionKind.String, "topic name(s), separated by ';'"),
                Optional("topic-pattern", OptionKind.String, "regular expression of topics to read") with { AppliesTo = ConnectorCapabilities.Source },
                Mandatory("properties.bootstrap.servers", OptionKind.String, "Kafka brokers"),
                Optional("properties.group.id", OptionKind.String, "consumer group id"),
                OneOf("scan.startup.mode", "where a new consumer starts", "group-offsets", "earliest-offset", "latest-offset", "group-offsets", "timestamp", "specific-offsets") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.startup.timestamp-millis", OptionKind.Long, "start timestamp for scan.startup.mode = timestamp") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.startup.specific-offsets", OptionKind.String, "partition:offset list") with { AppliesTo = ConnectorCapabilities.Source },
                OneOf("scan.bounded.mode", "where a bounded read stops", "unbounded", "unbounded", "latest-offset", "group-offsets", "timestamp", "specific-offsets") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.bounded.timestamp-millis", OptionKind.Long, "stop timestamp for scan.bounded.mode = timestamp") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.bounded.specific-offsets", OptionKind.String, "partition:offset list to stop at") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.topic-partition-discovery.interval", OptionKind.Duration, "how often new partitions are discovered") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("scan.parallelism", OptionKind.Int, "parallelism of the source") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("key.fields", OptionKind.String, "columns forming the message key, separated by ';'"),
                Optional("key.fields-prefix", OptionKind.String, "prefix of key columns"),
                OneOf("value.fields-include", "which columns the value holds", "ALL", "ALL", "EXCEPT_KEY"),
                OneOf("sink.delivery-guarantee", "delivery guarantee of the sink", "at-least-once", "at-least-once", "exactly-once", "none") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.transactional-id-prefix", OptionKind.String, "transactional id prefix for exactly-once") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.transaction-marker-topic", OptionKind.String, "topic of the commit markers of exactly-once transactions", "bsql-transaction-markers") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.partitioner", OptionKind.String, "default, fixed, round-robin or a class") with { AppliesTo = ConnectorCapabilities.Sink },
                SinkParallelism,
            ], ["properties."], FormatUse.KeyValue, "Apache Kafka topics"),
            new("redis", ConnectorCapabilities.Lookup | ConnectorCapabilities.Sink,
            [
                Mandatory("url", OptionKind.String, "redis://host:port[/db]"),
                OneOf("data-type", "string: a JSON value per key; hash: one field per column", "string", "string", "hash"),
                Optional("key-pattern", OptionKind.String, "key template, e.g. 'user:{uid}'"),
                Optional("sink.ttl", OptionKind.Duration, "lifetime of written keys") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("password", OptionKind.String, "password"),
                SinkParallelism,
                .. LookupOptions,
            ], [], FormatUse.None, "Redis keys (lookup and sink)"),
            new("hbase", ConnectorCapabilities.Lookup | ConnectorCapabilities.Sink,
            [
                Mandatory("table-name", OptionKind.String, "HBase table"),
                Mandatory("clusters", OptionKind.String, "'A=http://host:8080;B=http://host2:8080' (HBase REST endpoints)"),
                OneOf("routing", "how reads are routed between clusters", "failover", "failover", "rt-balanced"),
                Optional("lookup.timeout", OptionKind.Duration, "timeout of one lookup request", "1s") with { AppliesTo = ConnectorCapabilities.Lookup },
                OneOf("value.encoding", "how cells are encoded", "binary", "binary", "text"),
                Optional("null-string-literal", OptionKind.String, "how NULL strings are stored", "null"),
                Optional("sink.buffer-flush.max-rows", OptionKind.Int, "rows buffered before a flush") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.buffer-flush.interval", OptionKind.Duration, "longest time rows stay buffered") with { AppliesTo = ConnectorCapabilities.Sink },
                SinkParallelism,
                .. LookupOptions,
            ], [], FormatUse.None, "HBase tables over REST, two clusters"),
            new("jdbc", ConnectorCapabilities.Lookup | ConnectorCapabilities.Sink,
            [
                Mandatory("url", OptionKind.String, "jdbc:postgresql://host:port/db"),
                Mandatory("table-name", OptionKind.String, "table name"),
                Optional("username", OptionKind.String, "user name"),
                Optional("password", OptionKind.String, "password"),
                Optional("driver", OptionKind.String, "driver class (ignored; PostgreSQL is built in)"),
                Optional("sink.buffer-flush.max-rows", OptionKind.Int, "rows buffered before a flush", "100") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.buffer-flush.interval", OptionKind.Duration, "longest time rows stay buffered", "1s") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.max-retries", OptionKind.Int, "retries of a failed write", "3") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("connection.max-retry-timeout", OptionKind.Duration, "connection retry timeout", "60s"),
                SinkParallelism,
                .. LookupOptions,
            ], [], FormatUse.None, "PostgreSQL tables (lookup and upsert sink)"),
            new("filesystem", ConnectorCapabilities.Source | ConnectorCapabilities.Sink,
            [
                Mandatory("path", OptionKind.String, "a file or directory"),
                Optional("source.monitor-interval", OptionKind.Duration, "rescan interval of a continuous source") with { AppliesTo = ConnectorCapabilities.Source },
                Optional("sink.rolling-policy.file-size", OptionKind.MemorySize, "roll a part file at this size", "128mb") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.rolling-policy.rollover-interval", OptionKind.Duration, "roll a part file after this time", "30min") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("sink.rolling-policy.check-interval", OptionKind.Duration, "how often rolling is checked", "1min") with { AppliesTo = ConnectorCapabilities.Sink },
                Optional("partition.default-name", OptionKind.String, "name of the NULL partition"),
                SinkParallelism,
            ], [], FormatUse.Required, "files (JSON lines, CSV)"),
            new("datagen", ConnectorCapabilities.Source,
            [
                Optional("rows-per-second", OptionKind.Long, "rows generated per second", "10000"),
                Optional("number-of-rows", OptionKind.Long, "total rows (unbounded when absent)"),
                Optional("seed", OptionKind.Long, "random seed (BSQL: runs are reproducible)"),
                Optional("base-time", OptionKind.String, "'now' of generated times: epoch milliseconds or 'yyyy-MM-dd HH:mm:ss[.SSS]' (UTC)"),
                Optional("scan.parallelism", OptionKind.Int, "parallelism of the source"),
            ], ["fields."], FormatUse.None, "random rows"),
            new("nexmark", ConnectorCapabilities.Source,
            [
                Optional("first-event.rate", OptionKind.Long, "events per second at start", "10000"),
                Optional("next-event.rate", OptionKind.Long, "events per second afterwards", "10000"),
                Optional("rate", OptionKind.Long, "events per second (both rates)"),
                Optional("events.num", OptionKind.Long, "total events (0: unbounded)", "0"),
                Optional("events", OptionKind.Long, "total events (0: unbounded)"),
                Optional("person.proportion", OptionKind.Int, "share of person events", "1"),
                Optional("auction.proportion", OptionKind.Int, "share of auction events", "3"),
                Optional("bid.proportion", OptionKind.Int, "share of bid events", "46"),
                Optional("person.avg-size", OptionKind.MemorySize, "average person size", "200b"),
                Optional("auction.avg-size", OptionKind.MemorySize, "average auction size", "500b"),
                Optional("bid.avg-size", OptionKind.MemorySize, "average bid size", "100b"),
                Optional("bid.hot-ratio.auctions", OptionKind.Int, "hot auction ratio", "2"),
                Optional("bid.hot-ratio.bidders", OptionKind.Int, "hot bidder ratio", "4"),
                Optional("auction.hot-ratio.sellers", OptionKind.Int, "hot seller ratio", "4"),
                Optional("max-emit-speed", OptionKind.Bool, "emit as fast as possible", "true"),
                Optional("keep-alive", OptionKind.Bool, "keep running after the last event", "false"),
                Optional("stop-at", OptionKind.Long, "stop after this many events (-1: never)", "-1"),
                Optional("seed", OptionKind.Long, "random seed (BSQL: runs are reproducible)"),
                Optional("base-time", OptionKind.String, "time of the first event: epoch milliseconds or 'yyyy-MM-dd HH:mm:ss[.SSS]' (UTC)"),
                Optional("scan.parallelism", OptionKind.Int, "parallelism of the source"),
            ], [], FormatUse.None, "the Nexmark benchmark generator"),
            new("print", ConnectorCapabilities.Sink,
            [
                Optional("print-identifier", OptionKind.String, "prefix of printed rows"),
                Optional("standard-error", OptionKind.Bool, "print to stderr", "false"),
                SinkParallelism,
            ], [], FormatUse.None, "prints rows to standard output"),
            new("blackhole", ConnectorCapabilities.Sink, [SinkParallelism], [], FormatUse.None, "discards rows"),
        };
        return list.ToImmutableSortedDictionary(c => c.Name, c => c, StringComparer.Ordinal);
    }

    private static ImmutableSortedDictionary<string, FormatDescriptor> BuildFormats()
    {
        static OptionDescriptor[] Common(string f) =>
        [
            Optional(f + ".ignore-parse-errors", OptionKind.Bool, "skip (and count) records that cannot be decoded", "false"),
            Optional(f + ".dead-letter", OptionKind.String, "sink table receiving undecodable records"),
        ];
        var list = new List<FormatDescriptor>
        {
            new("json",
            [
                .. Common("json"),
                Optional("json.fail-on-missing-field", OptionKind.Bool, "fail when a field is missing", "false"),
                OneOf("json.timestamp-format.standard", "timestamp text format", "SQL", "SQL", "ISO-8601"),
                OneOf("json.map-null-key.mode", "what a NULL map key does", "FAIL", "FAIL", "DROP", "LITERAL"),
                Optional("json.map-null-key.literal", OptionKind.String, "literal for NULL map keys", "null"),
                Optional("json.encode.decimal-as-plain-number", OptionKind.Bool, "no scientific notation", "false"),
                Optional("json.encode.ignore-null-fields", OptionKind.Bool, "omit NULL fields", "false"),
            ]),
            new("csv",
            [
                .. Common("csv"),
                Optional("csv.field-delimiter", OptionKind.Char, "field delimiter", ","),
                Optional("csv.quote-character", OptionKind.Char, "quote character", "\""),
                Optional("csv.disable-quote-character", OptionKind.Bool, "no quoting", "false"),
                Optional("csv.allow-comments", OptionKind.Bool, "skip lines starting with #", "false"),
                Optional("csv.array-element-delimiter", OptionKind.String, "array element delimiter", ";"),
                Optional("csv.escape-character", OptionKind.Char, "escape character"),
                Optional("csv.null-literal", OptionKind.String, "text read as NULL"),
                Optional("csv.write-bigdecimal-in-scientific-notation", OptionKind.Bool, "scientific notation for decimals", "true"),
            ]),
            new("raw",
            [
                .. Common("raw"),
                Optional("raw.charset", OptionKind.String, "charset of STRING values", "UTF-8"),
                OneOf("raw.endianness", "byte order of numbers", "big-endian", "big-endian", "little-endian"),
            ]),
        };
        return list.ToImmutableSortedDictionary(f => f.Name, f => f, StringComparer.Ordinal);
    }
}
