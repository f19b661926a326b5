using System.Collections.Concurrent;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// One <see cref="LookupBatcher"/> (and so one cache and one stream of batches) per dimension table, key
/// columns and connector options in a job: several lookup joins against the same table share it, so an
/// identical key asked by two joins is fetched once. Disposes the batchers (and their clients) at the end.
/// </summary>
public sealed class LookupRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LookupBatcher>>> _batchers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Func<string, ConnectorSpec, RowSchema, IReadOnlyList<int>, LookupMetrics, CancellationToken, ValueTask<ILookupClient>> _createClient;

    /// <summary>
    /// A registry that opens clients with <paramref name="createClient"/> (default:
    /// <see cref="LookupClientFactory.CreateAsync"/>) and times batches and caches with <paramref name="time"/>.
    /// </summary>
    public LookupRegistry(
        TimeProvider? time = null,
        Func<string, ConnectorSpec, RowSchema, IReadOnlyList<int>, LookupMetrics, CancellationToken, ValueTask<ILookupClient>>? createClient = null)
    {
        _time = time ?? TimeProvider.System;
        _createClient = createClient ?? ((table, connector, schema, keys, metrics, ct) => LookupClientFactory.CreateAsync(table, connector, schema, keys, metrics, _time, ct));
    }

    /// <summary>Batchers opened so far.</summary>
    public int Count => _batchers.Count;

    /// <summary>The shared batcher for a lookup join's table and keys, opening its client on first use.</summary>
    public Task<LookupBatcher> GetAsync(LookupJoinSpec join, CancellationToken cancellationToken = default) =>
        GetAsync(join.Table, join.Connector, join.DimensionSchema, join.KeyColumns, cancellationToken);

    /// <summary>The shared batcher for <paramref name="table"/> looked up by <paramref name="keyColumns"/>, opening its client on first use.</summary>
    public Task<LookupBatcher> GetAsync(string table, ConnectorSpec connector, RowSchema schema, IReadOnlyList<int> keyColumns, CancellationToken cancellationToken = default)
    {
        var id = string.Join('\u001f', new[] { table, connector.Connector, string.Join(',', keyColumns) }
            .Concat(connector.Options.Select(kv => kv.Key + "=" + kv.Value)));
        var lazy = _batchers.GetOrAdd(id, _ => new Lazy<Task<LookupBatcher>>(async () =>
        {
            // Secrets (${env:..}, ${file:..}) are resolved only now, when the client opens; the id above keeps the references.
            connector = OptionResolver.Resolve(connector, table);
            var metrics = new LookupMetrics(table);
            var client = await _createClient(table, connector, schema, keyColumns, metrics, cancellationToken).ConfigureAwait(false);
            return new LookupBatcher(client, LookupOptions.From(connector), metrics, _time);
        }));
        return lazy.Value;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _batchers.Values)
        {
            if (!lazy.IsValueCreated) continue;
            try
            {
                await (await lazy.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (!lazy.Value.IsCompletedSuccessfully)
            {
                // The client never opened: nothing to release.
            }
        }
        _batchers.Clear();
    }
}
