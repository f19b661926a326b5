using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Routes dead letters (undecodable source records, rows whose lookup failed, late join rows) to their dead-letter
/// tables. A dead-letter table is a sink of the plan: either one the planner added for it (a sink operator with no
/// input, written only here) or a table the job also INSERTs into (then written by an extra sink subtask, one index
/// past the table's own). Columns are filled by name (<see cref="DeadLetterColumns"/>); other columns are NULL.
/// Records are rare, so a lock guards the queue; a background loop of the job drains it every 100 ms, and the sinks
/// commit when a checkpoint completes (<see cref="RequestCommit"/>) and at the end of the job. Delivery is at least
/// once across a restore, not exactly once: dead letters do not travel with the checkpoint barriers.
/// </summary>
internal sealed class DeadLetterQueue : IDeadLetterQueue
{
    private readonly Dictionary<string, Target> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISink> _sinks = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DeadLetterRecord> _queue = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private Func<SinkSpec, int, int, ISink>? _createSink;
    private long _commitRequested;
    private long _committed;

    public DeadLetterQueue(PhysicalPlan plan, TimeProvider time)
    {
        _time = time;
        foreach (var op in plan.Operators)
        {
            if (op.Spec is not SinkSpec sink) continue;
            var dedicated = !plan.InputsOf(op.Id).Any();
            // A table the job also writes to keeps its own subtasks; the dead letters get the next index, so part
            // files and transactional ids do not collide.
            var target = dedicated ? new Target(sink, 0, 1) : new Target(sink, op.Parallelism, op.Parallelism + 1);
            if (!_tables.TryGetValue(sink.Table, out var known) || known.Subtask == 0 && !dedicated) _tables[sink.Table] = target;
        }
    }

    /// <summary>Sets how a sink subtask is created: (spec, subtask index, parallelism).</summary>
    public void Bind(Func<SinkSpec, int, int, ISink> createSink) => _createSink = createSink;

    public bool Knows(string table) => _tables.ContainsKey(table);

    public void Add(DeadLetterRecord record)
    {
        if (record.Time is null) record = record with { Time = _time.GetUtcNow() };
        lock (_lock) _queue.Add(record);
    }

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: the next drain commits what was written so far.</summary>
    public void RequestCommit(long checkpointId)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _commitRequested);
            if (checkpointId <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _commitRequested, checkpointId, seen) != seen);
    }

    /// <summary>Writes the queued records; commits when a checkpoint completed since the last commit.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteQueuedAsync(cancellationToken).ConfigureAwait(false);
            var requested = Interlocked.Read(ref _commitRequested);
            if (requested > _committed)
            {
                foreach (var sink in _sinks.Values)
                {
                    await sink.PrepareCommitAsync(requested, cancellationToken).ConfigureAwait(false);
                    await sink.CommitAsync(requested, cancellationToken).ConfigureAwait(false);
                }
                _committed = requested;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteQueuedAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sink in _sinks.Values) await sink.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CloseAsync()
    {
        foreach (var sink in _sinks.Values) await sink.DisposeAsync().ConfigureAwait(false);
        _sinks.Clear();
        _gate.Dispose();
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
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
            var target = _tables[group.Key];
            if (!_sinks.TryGetValue(group.Key, out var sink))
            {
                sink = _createSink!(target.Spec, target.Subtask, target.Parallelism);
                await sink.OpenAsync(cancellationToken).ConfigureAwait(false);
                _sinks[group.Key] = sink;
            }
            var batch = new RowBatch();
            foreach (var record in group) batch.Add(ToRow(target.Spec.Schema, record));
            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static object?[] ToRow(RowSchema schema, DeadLetterRecord record)
    {
        var row = new object?[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            row[i] = DeadLetterColumns.RoleOf(field.Name) switch
            {
                DeadLetterColumnRole.Kind => record.Kind,
                DeadLetterColumnRole.SourceTable => record.SourceTable,
                DeadLetterColumnRole.Location => record.Location,
                DeadLetterColumnRole.Raw => field.Type.Kind == SqlTypeKind.Bytes ? record.Raw : Encoding.UTF8.GetString(record.Raw),
                DeadLetterColumnRole.Reason => record.Reason,
                DeadLetterColumnRole.Time when record.Time is { } time => field.Type.Kind == SqlTypeKind.TimestampLtz
                    ? time.UtcDateTime
                    : DateTime.SpecifyKind(time.UtcDateTime, DateTimeKind.Unspecified),
                _ => null,
            };
        }
        return row;
    }

    private readonly record struct Target(SinkSpec Spec, int Subtask, int Parallelism);
}
