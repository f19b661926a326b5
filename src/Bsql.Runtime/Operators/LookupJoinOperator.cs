using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Operators;

/// <summary>
/// A dimension-table join (<see cref="LookupJoinSpec"/>): each input row's key is looked up through the
/// table's shared <see cref="LookupBatcher"/>, and the row is emitted joined with every dimension row that
/// satisfies the remaining condition (inner), or NULL-padded when none does (LEFT). A NULL key never matches.
/// <para>
/// Output keeps the input order (Flink's ordered async mode): <see cref="ProcessBatch"/> starts the lookups of
/// the whole batch at once (so the batcher can group them into round trips) and queues the rows;
/// <see cref="FlushAsync"/>, which the subtask calls after each input element, awaits them in order and
/// emits. A watermark, a checkpoint and the end of input emit every pending row first.
/// </para>
/// <para>
/// A lookup that failed for good follows its <see cref="LookupFailurePolicy"/>: <c>fail</c> fails the job
/// (BSQL4401), <c>null-pad</c> emits the row NULL-padded (LEFT JOIN; an inner join drops it), and
/// <c>dead-letter</c> drops the row and counts it (the runtime's dead-letter queue takes source records only).
/// </para>
/// </summary>
public sealed class LookupJoinOperator : StreamOperator
{
    private readonly LookupJoinSpec _spec;
    private readonly LookupRegistry _registry;
    private readonly bool _ownsRegistry;
    private readonly Queue<Pending> _pending = new();
    private LookupBatcher? _batcher;
    private Func<object?[], object?>[] _keys = [];
    private Func<object?[], bool>? _condition;
    private int _inputWidth = -1;
    private int _dimWidth;

    /// <summary>
    /// A lookup join that takes its batcher from <paramref name="registry"/> (shared by the job's joins against the
    /// same table); without one it opens and disposes its own.
    /// </summary>
    public LookupJoinOperator(LookupJoinSpec spec, LookupRegistry? registry = null)
    {
        _spec = spec;
        _ownsRegistry = registry is null;
        _registry = registry ?? new LookupRegistry();
    }

    /// <summary>Rows whose lookup failed and that were emitted NULL-padded (<c>lookup.failure = null-pad</c>).</summary>
    public long FailedNullPadded { get; private set; }

    /// <summary>Rows whose lookup failed and that were dropped: dead-lettered, or NULL-pad asked of an inner join.</summary>
    public long FailedDropped { get; private set; }

    /// <summary>Rows whose lookup failed with <c>lookup.failure = dead-letter</c> (included in <see cref="FailedDropped"/>).</summary>
    public long FailedDeadLettered { get; private set; }

    /// <summary>Input rows still waiting for their lookup.</summary>
    public int PendingRows => _pending.Count;

    /// <inheritdoc />
    public override async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        if (_spec.Type is not (JoinType.Inner or JoinType.Left))
        {
            throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"lookup join against '{_spec.Table}': only INNER and LEFT joins are supported");
        }
        var compiler = Context.Expressions;
        _keys = [.. _spec.KeyExpressions.Select(compiler.Compile)];
        _condition = _spec.Condition is null ? null : compiler.CompilePredicate(_spec.Condition);
        _dimWidth = _spec.DimensionSchema.Count;
        if (Context.InputSchemas.Count > 0) _inputWidth = Context.InputSchemas[0].Count;
        _batcher = await _registry.GetAsync(_spec, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        var batcher = _batcher ?? throw new InvalidOperationException("operator not open");
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            var key = new object?[_keys.Length];
            var hasNull = false;
            for (var k = 0; k < key.Length; k++)
            {
                key[k] = _keys[k](row);
                hasNull |= key[k] is null;
            }
            var kind = kinds is null ? RowKind.Insert : kinds[r];
            // A NULL key never matches: no lookup at all.
            var outcome = hasNull ? new ValueTask<LookupOutcome>(LookupOutcome.FromRows(LookupOutcome.NoRows)) : batcher.LookupAsync(key);
            _pending.Enqueue(new Pending(row, kind, outcome));
        }
    }

    /// <inheritdoc />
    public override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        while (_pending.TryPeek(out var head))
        {
            var outcome = head.Outcome.IsCompletedSuccessfully
                ? head.Outcome.Result
                : await head.Outcome.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            _pending.Dequeue();
            Join(head.Row, head.Kind, outcome);
        }
        FlushCollected();
    }

    /// <summary>Emits every pending row before the watermark (waits for their lookups).</summary>
    public override void ProcessWatermark(long watermark)
    {
        DrainBlocking();
        EmitWatermark(watermark);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input) => DrainBlocking();

    /// <inheritdoc />
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _pending.Clear();
        if (_ownsRegistry) await _registry.DisposeAsync().ConfigureAwait(false);
    }

    private void DrainBlocking()
    {
        while (_pending.TryDequeue(out var head))
        {
            var outcome = head.Outcome.IsCompletedSuccessfully ? head.Outcome.Result : head.Outcome.AsTask().GetAwaiter().GetResult();
            Join(head.Row, head.Kind, outcome);
        }
    }

    private void Join(object?[] row, RowKind kind, in LookupOutcome outcome)
    {
        switch (outcome.Status)
        {
            case LookupStatus.Found:
                var matched = false;
                foreach (var dim in outcome.Rows)
                {
                    var joined = Concat(row, dim);
                    if (_condition is not null && !_condition(joined)) continue;
                    matched = true;
                    Collect(joined, kind);
                }
                if (!matched && _spec.Type == JoinType.Left) Collect(Concat(row, null), kind);
                break;
            case LookupStatus.Missing:
                if (_spec.Type == JoinType.Left) Collect(Concat(row, null), kind);
                break;
            default:
                Failed(row, kind, outcome);
                break;
        }
    }

    private void Failed(object?[] row, RowKind kind, in LookupOutcome outcome)
    {
        switch (outcome.Policy)
        {
            case LookupFailurePolicy.NullPad when _spec.Type == JoinType.Left:
                FailedNullPadded++;
                Collect(Concat(row, null), kind);
                break;
            case LookupFailurePolicy.NullPad:
                FailedDropped++;
                break;
            case LookupFailurePolicy.DeadLetter:
                FailedDeadLettered++;
                FailedDropped++;
                break;
            default:
                throw new BsqlRuntimeException(RuntimeErrors.ConnectorUnavailable,
                    $"lookup in table '{_spec.Table}' failed ({outcome.Error?.Message ?? "unknown error"}); set 'lookup.failure' to 'null-pad' or 'dead-letter' to continue",
                    outcome.Error);
        }
    }

    private object?[] Concat(object?[] row, object?[]? dim)
    {
        var width = _inputWidth >= 0 ? _inputWidth : row.Length;
        var joined = new object?[width + _dimWidth];
        Array.Copy(row, joined, Math.Min(width, row.Length));
        if (dim is not null) Array.Copy(dim, 0, joined, width, Math.Min(_dimWidth, dim.Length));
        return joined;
    }

    private readonly record struct Pending(object?[] Row, RowKind Kind, ValueTask<LookupOutcome> Outcome);
}
