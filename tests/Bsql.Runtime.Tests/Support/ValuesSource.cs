using System.Collections.Concurrent;
using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Tests.Support;

/// <summary>
/// Test source <c>'connector' = 'values'</c>: rows registered under <c>'data-id'</c>, split into
/// <c>'partitions'</c> partitions (row i → partition i % n); subtask s reads partitions p with
/// p % parallelism == s, interleaving them <c>'rows-per-read'</c> rows at a time.
/// </summary>
internal sealed class ValuesSourceFactory : ISourceFactory
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<object?[]>> Data = new();
    private static int _next;

    public string Connector => "values";

    public static string Register(IReadOnlyList<object?[]> rows)
    {
        var id = "d" + Interlocked.Increment(ref _next);
        Data[id] = rows;
        return id;
    }

    public ISource CreateSource(SourceContext context) => new ValuesSource(context, Data[context.Connector.Get("data-id")!]);

    private sealed class ValuesSource : ISource
    {
        private readonly SourceContext _context;
        private readonly List<Queue<object?[]>> _partitions = [];
        private readonly List<int> _partitionIds = [];
        private readonly int _rowsPerRead;
        private readonly bool _bounded;
        private readonly bool[] _done;
        private int _cursor;

        public ValuesSource(SourceContext context, IReadOnlyList<object?[]> rows)
        {
            _context = context;
            var n = int.Parse(context.Connector.Get("partitions", "1")!);
            _rowsPerRead = int.Parse(context.Connector.Get("rows-per-read", "1000")!);
            _bounded = context.Connector.Get("bounded", "true") == "true";
            for (var p = 0; p < n; p++)
            {
                if (p % context.Parallelism != context.SubtaskIndex) continue;
                var queue = new Queue<object?[]>();
                for (var i = p; i < rows.Count; i += n) queue.Enqueue(rows[i]);
                _partitions.Add(queue);
                _partitionIds.Add(p);
            }
            _done = new bool[_partitions.Count];
        }

        public bool IsBounded => _bounded;

        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        private bool _assigned;

        public async ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
        {
            if (!_assigned)
            {
                _assigned = true;
                foreach (var p in _partitionIds) output.PartitionAssigned(p);
            }
            if (_partitions.Count == 0 || _done.All(d => d))
            {
                if (_bounded) return SourceStatus.Finished;
                await Task.Delay(10, cancellationToken);
                return SourceStatus.Idle;
            }
            var i = _cursor++ % _partitions.Count;
            var queue = _partitions[i];
            for (var k = 0; k < _rowsPerRead && queue.Count > 0; k++)
            {
                var source = queue.Dequeue();
                var row = output.NewRow();
                Array.Copy(source, row, Math.Min(source.Length, _context.PhysicalSchema.Count));
                output.Emit(row, _partitionIds[i]);
            }
            if (queue.Count == 0 && !_done[i])
            {
                _done[i] = true;
                output.PartitionFinished(_partitionIds[i]);
            }
            return SourceStatus.Active;
        }

        public string? SnapshotPosition() => null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
