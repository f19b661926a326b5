using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Routes undecodable records to their dead-letter table: a sink table of the job, written by an extra
/// sink subtask of its own. Columns are filled by name: <c>raw</c> (STRING or BYTES), <c>reason</c>,
/// <c>source_table</c> (or <c>table</c>), <c>location</c>; other columns are NULL. Records are rare, so
/// a lock guards the queue.
/// </summary>
internal sealed class DeadLetterQueue : IDeadLetterQueue
{
    private readonly Dictionary<string, SinkSpec> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _parallelism = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISink> _sinks = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DeadLetterRecord> _queue = [];
    private readonly Lock _lock = new();
    private Func<SinkSpec, int, ISink>? _createSink;

    public DeadLetterQueue(PhysicalPlan plan)
    {
        foreach (var op in plan.Operators)
        {
            if (op.Spec is SinkSpec sink)
            {
                _tables[sink.Table] = sink;
                _parallelism[sink.Table] = op.Parallelism;
            }
        }
    }

    public void Bind(Func<SinkSpec, int, ISink> createSink) => _createSink = createSink;

    public bool Knows(string table) => _tables.ContainsKey(table);

    public void Add(DeadLetterRecord record)
    {
        lock (_lock) _queue.Add(record);
    }

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        List<DeadLetterRecord> records;
        lock (_lock)
        {
            if (_queue.Count == 0) return;
            records = [.. _queue];
            _queue.Clear();
        }
        foreach (var group in records.GroupBy(r => r.DeadLetterTable, StringComparer.OrdinalIgnoreCase))
        {
            var spec = _tables[group.Key];
            if (!_sinks.TryGetValue(group.Key, out var sink))
            {
                // One subtask index past the table's own subtasks, so part files and ids do not collide.
                sink = _createSink!(spec, _parallelism[group.Key]);
                await sink.OpenAsync(cancellationToken).ConfigureAwait(false);
                _sinks[group.Key] = sink;
            }
            var batch = new RowBatch();
            foreach (var record in group) batch.Add(ToRow(spec.Schema, record));
            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sink in _sinks.Values)
        {
            await sink.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CloseAsync()
    {
        foreach (var sink in _sinks.Values) await sink.DisposeAsync().ConfigureAwait(false);
        _sinks.Clear();
    }

    private static object?[] ToRow(RowSchema schema, DeadLetterRecord record)
    {
        var row = new object?[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            row[i] = field.Name.ToLowerInvariant() switch
            {
                "raw" or "record" or "payload" => field.Type.Kind == SqlTypeKind.Bytes ? record.Raw : Encoding.UTF8.GetString(record.Raw),
                "reason" or "error" => record.Reason,
                "source_table" or "table" or "source" => record.SourceTable,
                "location" or "position" => record.Location,
                _ => null,
            };
        }
        return row;
    }
}
