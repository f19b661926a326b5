using System.Globalization;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Physical;
using Bsql.Planner.Util;
using static Bsql.Planner.Catalog.Connectors.OptionDescriptor;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;

namespace Bsql.Planner.Binding;

/// <summary>The job options BSQL understands (from SET and a descriptor's config) and their typed form.</summary>
public static class JobOptionsBinder
{
    /// <summary>Every known job option.</summary>
    public static IReadOnlyList<OptionDescriptor> Known { get; } =
    [
        Optional("parallelism.default", OptionKind.Int, "subtasks per operator", "1"),
        Optional("pipeline.name", OptionKind.String, "the job's name"),
        OneOf("execution.runtime-mode", "streaming or batch", "streaming", "streaming", "batch"),
        Optional("execution.checkpointing.interval", OptionKind.Duration, "checkpoint period; checkpointing is off when unset"),
        OneOf("execution.checkpointing.mode", "checkpoint guarantee", "EXACTLY_ONCE", "EXACTLY_ONCE", "AT_LEAST_ONCE"),
        Optional("execution.checkpointing.timeout", OptionKind.Duration, "checkpoint timeout", "10min"),
        Optional("state.checkpoints.dir", OptionKind.String, "where checkpoints are written"),
        OneOf("state.backend", "where keyed state lives", "embedded", "embedded", "redis", "hashmap", "rocksdb"),
        Optional("state.backend.redis.url", OptionKind.String, "Redis of the redis state backend"),
        Optional("state.memory.max", OptionKind.MemorySize, "keyed state beyond this spills to disk"),
        Optional("table.exec.state.ttl", OptionKind.Duration, "idle state retention of joins and aggregations"),
        Optional("pipeline.auto-watermark-interval", OptionKind.Duration, "watermark emission period", "200ms"),
        Optional("table.exec.source.idle-timeout", OptionKind.Duration, "idle source partitions stop holding the watermark"),
        OneOf("sjoin.late-rows", "what a delayed window join does with late left rows", "emit", "emit", "drop", "dead-letter"),
        Optional("sjoin.dead-letter", OptionKind.String, "sink table for dead-lettered rows"),
        OneOf("table.optimizer.agg-phase-strategy", "one or two aggregation phases", "AUTO", "AUTO", "ONE_PHASE", "TWO_PHASE"),
        Optional("table.optimizer.distinct-agg.split.enabled", OptionKind.Bool, "split COUNT(DISTINCT) by hash buckets", "false"),
        Optional("table.optimizer.distinct-agg.split.bucket-num", OptionKind.Int, "buckets of the distinct split", "1024"),
        Optional("table.exec.mini-batch.enabled", OptionKind.Bool, "mini-batch aggregation", "false"),
        Optional("table.exec.mini-batch.allow-latency", OptionKind.Duration, "mini-batch latency"),
        Optional("table.exec.mini-batch.size", OptionKind.Long, "mini-batch size"),
        Optional("table.local-time-zone", OptionKind.String, "session time zone", "UTC"),
        OneOf("table.exec.sink.not-null-enforcer", "what a NULL in a NOT NULL sink column does", "ERROR", "ERROR", "DROP"),
        Optional("table.dml-sync", OptionKind.Bool, "wait for INSERTs to finish", "false"),
        Optional("metrics.port", OptionKind.Int, "Prometheus metrics port"),
        OneOf("table.exec.async-lookup.output-mode", "whether lookup joins may emit rows out of input order (append-only input only)", "ORDERED", "ORDERED", "ALLOW_UNORDERED"),
        Optional("table.exec.async-lookup.buffer-capacity", OptionKind.Int, "lookups in flight at once per lookup-join subtask", "1024"),
        Optional("table.exec.async-lookup.timeout", OptionKind.Duration, "how long a row waits for its lookup before it fails", "3min"),
        Optional("scale-out.enabled", OptionKind.Bool, "workers started with the same job id share the job's Kafka partitions", "false"),
        Optional("lookup.cache.default-ttl", OptionKind.Duration, "default lookup cache entry lifetime"),
    ];

    /// <summary>Checks one SET option; returns a diagnostic for an unknown (warning) or ill-typed (error) option.</summary>
    public static Diagnostic? Check(string key, string value, SourceSpan keySpan, SourceSpan valueSpan, SourceText? source)
    {
        var descriptor = Known.FirstOrDefault(o => o.Key == key);
        if (descriptor is null)
        {
            return Diagnostic.Warning(Codes.InvalidJobOption, keySpan, $"unknown job option '{key}' (ignored)",
                Suggestions.DidYouMean(key, Known.Select(o => o.Key)), source);
        }
        if (OptionValues.IsReference(value) || OptionValues.IsValid(descriptor, value)) return null;
        if (descriptor.Key == "parallelism.default" && (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) || p < 1)) { }
        return Diagnostic.Error(Codes.InvalidJobOption, valueSpan, $"expected {OptionValues.Describe(descriptor)} for '{key}', found '{value}'", null, source);
    }

    /// <summary>The typed options of a configuration (invalid values are ignored: they were reported by <see cref="Check"/>).</summary>
    public static JobOptions ToJobOptions(IReadOnlyDictionary<string, string> config)
    {
        var options = new JobOptions();
        string? Get(string key) => config.TryGetValue(key, out var v) ? v.Trim() : null;
        long? Duration(string key) => Get(key) is { } v && OptionValues.TryParseDuration(v, out var ms) ? ms : null;
        if (Get("parallelism.default") is { } p && int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parallelism) && parallelism > 0)
        {
            options = options with { Parallelism = parallelism };
        }
        options = options with
        {
            CheckpointIntervalMs = Duration("execution.checkpointing.interval"),
            CheckpointDir = Get("state.checkpoints.dir"),
            StateBackend = Get("state.backend")?.ToLowerInvariant() is "redis" ? "redis" : "embedded",
            StateRedisUrl = Get("state.backend.redis.url"),
            StateMemoryMaxBytes = Get("state.memory.max") is { } m && OptionValues.TryParseMemorySize(m, out var bytes) ? bytes : null,
            StateTtlMs = Duration("table.exec.state.ttl"),
            LocalTimeZone = Get("table.local-time-zone") is { Length: > 0 } zone ? zone : null,
            WatermarkIntervalMs = Duration("pipeline.auto-watermark-interval") ?? 200,
            SourceIdleTimeoutMs = Duration("table.exec.source.idle-timeout"),
            ScaleOut = string.Equals(Get("scale-out.enabled"), "true", StringComparison.OrdinalIgnoreCase),
            SjoinLateRows = Get("sjoin.late-rows")?.ToLowerInvariant() switch
            {
                "drop" => LateRowPolicy.Drop,
                "dead-letter" => LateRowPolicy.DeadLetter,
                _ => LateRowPolicy.Emit,
            },
            SjoinDeadLetter = Get("sjoin.dead-letter"),
            AsyncLookupAllowUnordered = string.Equals(Get("table.exec.async-lookup.output-mode"), "ALLOW_UNORDERED", StringComparison.OrdinalIgnoreCase),
            AsyncLookupBufferCapacity = int.TryParse(Get("table.exec.async-lookup.buffer-capacity"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var capacity) && capacity > 0
                ? capacity : JobOptions.DefaultAsyncLookupBufferCapacity,
            AsyncLookupTimeoutMs = Duration("table.exec.async-lookup.timeout") is { } timeout && timeout > 0 ? timeout : JobOptions.DefaultAsyncLookupTimeoutMs,
        };
        return options;
    }
}
