namespace Bsql.Runtime.Lookup;

/// <summary>The <c>lookup.cache</c> option.</summary>
public enum LookupCacheKind
{
    /// <summary><c>NONE</c>: every lookup goes to the store (identical in-flight lookups are still merged).</summary>
    None,

    /// <summary><c>LRU</c>: results (misses too) are kept up to <c>lookup.cache.max-rows</c> keys for <c>lookup.cache.ttl</c>.</summary>
    Lru,
}
