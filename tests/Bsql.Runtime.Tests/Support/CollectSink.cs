using System.Collections.Concurrent;
using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Tests.Support;

/// <summary>Test sink <c>'connector' = 'collect'</c>: keeps (kind, row) pairs under <c>'sink-id'</c>; <c>'delay-ms'</c> slows each write.</summary>
internal sealed class CollectSinkFactory : ISinkFactory
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(RowKind Kind, object?[] Row)>> Results = new();
    private static int _next;

    public string Connector => "collect";

    public static string NewId()
    {
        var id = "s" + Interlocked.Increment(ref _next);
        Results[id] = new();
        return id;
    }

    public static List<(RowKind Kind, object?[] Row)> Get(string id) => [.. Results[id]];

    public ISink CreateSink(SinkContext context) =>
        new CollectSink(Results[context.Connector.Get("sink-id")!], int.Parse(context.Connector.Get("delay-ms", "0")!));

    private sealed class CollectSink(ConcurrentQueue<(RowKind, object?[])> results, int delayMs) : ISink
    {
        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            for (var i = 0; i < batch.Count; i++) results.Enqueue((batch.KindAt(i), batch[i]));
            if (delayMs > 0) await Task.Delay(delayMs, cancellationToken);
        }

        public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FinishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
