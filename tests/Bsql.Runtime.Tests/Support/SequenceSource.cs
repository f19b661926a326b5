using Bsql.Runtime.Connectors;

namespace Bsql.Runtime.Tests.Support;

/// <summary>
/// Test source <c>'connector' = 'sequence'</c>: <c>'rows'</c> rows (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP(3))
/// generated on the fly, k = id % <c>'keys'</c>, ts = start + id * <c>'step-ms'</c>; split over subtasks by id.
/// </summary>
internal sealed class SequenceSourceFactory : ISourceFactory
{
    public string Connector => "sequence";

    public ISource CreateSource(SourceContext context) => new SequenceSource(context);

    private sealed class SequenceSource(SourceContext context) : ISource
    {
        private readonly long _rows = long.Parse(context.Connector.Get("rows")!);
        private readonly long _keys = long.Parse(context.Connector.Get("keys", "1000")!);
        private readonly long _step = long.Parse(context.Connector.Get("step-ms", "1")!);
        private readonly int _delayMs = int.Parse(context.Connector.Get("delay-ms", "0")!);
        private long _next = context.RestoredPosition is { } p ? long.Parse(p) : context.SubtaskIndex;

        public bool IsBounded => true;

        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
        {
            if (_delayMs > 0) await Task.Delay(_delayMs, cancellationToken);
            var p = context.Parallelism;
            for (var i = 0; i < context.BatchSize && _next < _rows; i++, _next += p)
            {
                var row = output.NewRow();
                row[0] = _next;
                row[1] = _next % _keys;
                row[2] = _next * 7 % 1000;
                row[3] = Time.EventTime.ToTimestamp(1_700_000_000_000 + _next * _step);
                output.Emit(row, context.SubtaskIndex);
            }
            return _next >= _rows ? SourceStatus.Finished : SourceStatus.Active;
        }

        public string? SnapshotPosition() => _next.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
