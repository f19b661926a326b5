using System.Collections.Concurrent;
using Bsql.Runtime;
using Bsql.Runtime.Connectors;

namespace Bsql.Cli.Debugging;

/// <summary>
/// The sink <c>bsql debug</c> puts in place of every sink of the job: it keeps the rows in memory,
/// per table, so they can be shown once the run ends.
/// </summary>
public sealed class CollectingSinkFactory : ISinkFactory
{
    /// <summary>The connector name the debug command substitutes.</summary>
    public const string Name = "bsql-debug-collect";

    private readonly ConcurrentDictionary<string, CollectedTable> _tables = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Connector => Name;

    /// <summary>The tables that received rows (or were opened), by name.</summary>
    public IReadOnlyDictionary<string, CollectedTable> Tables => _tables;

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context)
    {
        var table = _tables.GetOrAdd(context.Table, name => new CollectedTable(name, context.Schema));
        return new CollectingSink(table);
    }

    private sealed class CollectingSink(CollectedTable table) : ISink
    {
        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            table.Add(batch);
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
