using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Lookup;

/// <summary>The <c>lookup.*</c> options of a dimension table (bsql-language.md, "Dimension-table joins"), with their defaults.</summary>
public sealed record LookupOptions
{
    /// <summary><c>lookup.async</c>: look up without blocking the stream.</summary>
    public bool Async { get; init; } = true;

    /// <summary><c>lookup.batch.size</c>: keys per round trip.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary><c>lookup.batch.linger</c>: how long a partly filled batch waits for more keys.</summary>
    public TimeSpan BatchLinger { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary><c>lookup.cache</c>.</summary>
    public LookupCacheKind Cache { get; init; } = LookupCacheKind.None;

    /// <summary><c>lookup.cache.max-rows</c>: cached keys at most.</summary>
    public int CacheMaxRows { get; init; } = 10_000;

    /// <summary><c>lookup.cache.ttl</c>: lifetime of a cached result (a miss too).</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>lookup.max-retries</c>: retries of a failed round trip.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary><c>lookup.failure</c>.</summary>
    public LookupFailurePolicy Failure { get; init; } = LookupFailurePolicy.Fail;

    /// <summary>Pause before the first retry (doubled for each next one). Not a user option.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Batches in flight at once per table; further keys wait (backpressure). Not a user option.</summary>
    public int MaxInFlightBatches { get; init; } = 8;

    /// <summary>Reads the options from a table's connector, with defaults for the absent ones.</summary>
    /// <exception cref="BsqlRuntimeException">An option value is malformed (BSQL4001).</exception>
    public static LookupOptions From(ConnectorSpec connector)
    {
        var options = new LookupOptions();
        if (connector.Get("lookup.async") is { } async) options = options with { Async = ParseBool("lookup.async", async) };
        if (connector.Get("lookup.batch.size") is { } size) options = options with { BatchSize = ParsePositive("lookup.batch.size", size) };
        if (connector.Get("lookup.batch.linger") is { } linger) options = options with { BatchLinger = DurationOption.Parse("lookup.batch.linger", linger) };
        if (connector.Get("lookup.cache") is { } cache)
        {
            options = options with
            {
                Cache = cache.ToUpperInvariant() switch
                {
                    "NONE" => LookupCacheKind.None,
                    "LRU" => LookupCacheKind.Lru,
                    _ => throw Invalid("lookup.cache", "'NONE' or 'LRU'", cache),
                },
            };
        }
        if (connector.Get("lookup.cache.max-rows") is { } rows) options = options with { CacheMaxRows = ParsePositive("lookup.cache.max-rows", rows) };
        if (connector.Get("lookup.cache.ttl") is { } ttl) options = options with { CacheTtl = DurationOption.Parse("lookup.cache.ttl", ttl) };
        if (connector.Get("lookup.max-retries") is { } retries)
        {
            options = options with
            {
                MaxRetries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid("lookup.max-retries", "a non-negative integer", retries),
            };
        }
        if (connector.Get("lookup.failure") is { } failure)
        {
            options = options with
            {
                Failure = failure.ToLowerInvariant() switch
                {
                    "fail" => LookupFailurePolicy.Fail,
                    "null-pad" => LookupFailurePolicy.NullPad,
                    "dead-letter" => LookupFailurePolicy.DeadLetter,
                    _ => throw Invalid("lookup.failure", "'fail', 'null-pad' or 'dead-letter'", failure),
                },
            };
        }
        return options;
    }

    private static bool ParseBool(string key, string text) =>
        bool.TryParse(text, out var value) ? value : throw Invalid(key, "'true' or 'false'", text);

    private static int ParsePositive(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw Invalid(key, "a positive integer", text);

    private static BsqlRuntimeException Invalid(string key, string expected, string found) =>
        new(RuntimeErrors.BadOptionValue, $"option '{key}' expects {expected}, found '{found}'");
}
