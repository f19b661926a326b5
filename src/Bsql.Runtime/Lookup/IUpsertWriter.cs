namespace Bsql.Runtime.Lookup;

/// <summary>
/// The sink side of the key-value connectors (Redis, HBase, JDBC upsert): idempotent writes of whole rows
/// by key, so a replay after a restart duplicates nothing. Rows have the table's schema.
/// </summary>
public interface IUpsertWriter : IAsyncDisposable
{
    /// <summary>Inserts or replaces <paramref name="rows"/>, in one or a few round trips.</summary>
    Task UpsertAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>Deletes the rows whose keys <paramref name="rows"/> hold (the other columns are ignored).</summary>
    Task DeleteAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);
}
