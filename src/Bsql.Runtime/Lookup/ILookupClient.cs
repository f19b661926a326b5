using Bsql.Planner.Types;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// Fetches the rows of a dimension table by key, many keys per round trip. Implemented by the Redis,
/// HBase and JDBC connectors; used through a <see cref="LookupBatcher"/> that adds batching, dedup,
/// caching, retries and backpressure. Implementations must be safe for concurrent calls.
/// </summary>
public interface ILookupClient : IAsyncDisposable
{
    /// <summary>The dimension table's columns: every row returned has this shape and these runtime types.</summary>
    RowSchema Schema { get; }

    /// <summary>Positions in <see cref="Schema"/> of the key columns, in the order key values are given.</summary>
    IReadOnlyList<int> KeyColumns { get; }

    /// <summary>
    /// Looks up <paramref name="keys"/> (each holds one value per <see cref="KeyColumns"/> entry) and returns,
    /// at the same positions, the rows found: an empty list for a miss, one row for a key-value store, any
    /// number for JDBC. Throws when the round trip fails (the caller retries and applies its failure policy).
    /// </summary>
    ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken);
}
