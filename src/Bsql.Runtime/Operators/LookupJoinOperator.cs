using System.Globalization;
using System.Threading.Channels;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Operators;

/// <summary>
/// A dimension-table join (<see cref="LookupJoinSpec"/>): each input row's key is looked up through the
/// table's shared <see cref="LookupBatcher"/>, and the row is emitted joined with every dimension row that
/// satisfies the remaining condition (inner), or NULL-padded when none does (LEFT). A NULL key never matches.
/// <para>
/// <see cref="ProcessBatch"/> queues the rows and starts their lookups, at most
/// <c>table.exec.async-lookup.buffer-capacity</c> at a time (the rest start as earlier ones finish), so the batcher
/// can group them into round trips. Rows leave as their lookups complete: in input order (<c>ORDERED</c>, Flink's
/// default), or in completion order when <see cref="LookupJoinSpec.Unordered"/> (a row whose outcome is already known,
/// e.g. a cache hit, leaves at once). <see cref="FlushAsync"/>, which the subtask calls after each input element, emits
/// what may leave and waits only while the buffer capacity or more rows are queued, so the next input's lookups overlap
/// with these; a processing-time timer (<see cref="OnTimer"/>, every millisecond while rows are queued) emits the rest
/// when no input comes. A watermark, a checkpoint and the end of input wait for every queued row first, so a watermark
/// never overtakes a row that preceded it and no row is in flight in a checkpoint. A row whose lookup takes longer than
/// <c>table.exec.async-lookup.timeout</c> fails.
/// </para>
/// <para>
/// A lookup that failed for good follows its <see cref="LookupFailurePolicy"/>: <c>fail</c> fails the job
/// (BSQL4401), <c>null-pad</c> emits the row NULL-padded (LEFT JOIN; an inner join drops it), and
/// <c>dead-letter</c> writes the input row with the reason to the table named by <c>lookup.dead-letter</c>.
/// </para>
/// </summary>
public sealed class LookupJoinOperator : StreamOperator
{
    private readonly LookupJoinSpec _spec;
    private readonly LookupRegistry _registry;
    private readonly bool _ownsRegistry;
    // Rows in input order; in unordered mode a row leaves the list as soon as its outcome is known.
    private readonly LinkedList<Pending> _queue = new();
    private readonly Channel<Pending> _completed = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private LinkedListNode<Pending>? _nextToStart;
    private int _inFlight;
    private int _capacity = JobOptions.DefaultAsyncLookupBufferCapacity;
    private TimeSpan _timeout = TimeSpan.FromMilliseconds(JobOptions.DefaultAsyncLookupTimeoutMs);
    private LookupBatcher? _batcher;
    private DeadLetterWriter? _deadLetters;
    private Func<object?[], object?>[] _keys = [];
    private Func<object?[], bool>? _condition;
    private int _inputWidth = -1;
    private int _dimWidth;
    private long _wakeUpAt = long.MinValue;
    private const string WakeUpKey = "lookup-join-wake-up";

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
    public int PendingRows => _queue.Count;

    /// <summary>Lookups started and not yet finished (at most <c>table.exec.async-lookup.buffer-capacity</c>).</summary>
    public int InFlight => _inFlight;

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
        _capacity = Math.Max(1, Context.JobOptions.AsyncLookupBufferCapacity);
        _timeout = TimeSpan.FromMilliseconds(Context.JobOptions.AsyncLookupTimeoutMs);
        _batcher = await _registry.GetAsync(_spec, cancellationToken).ConfigureAwait(false);
        if (_batcher.Options.Failure == LookupFailurePolicy.DeadLetter)
        {
            var table = _spec.Connector.Get("lookup.dead-letter")
                ?? throw new BsqlRuntimeException(RuntimeErrors.UnknownDeadLetterTable,
                    $"lookup table '{_spec.Table}': 'lookup.failure' = 'dead-letter' needs 'lookup.dead-letter' = '<sink table>'");
            var schema = Context.InputSchemas.Count > 0 ? Context.InputSchemas[0] : new Bsql.Planner.Types.RowSchema([]);
            _deadLetters = Context.OpenDeadLetters(table, DeadLetterColumns.KindLookup, _spec.Table, schema);
        }
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        if (_batcher is null) throw new InvalidOperationException("operator not open");
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
            // A NULL key never matches: no lookup at all.
            var pending = new Pending(this, row, kinds is null ? RowKind.Insert : kinds[r], hasNull ? null : key);
            pending.Node = _queue.AddLast(pending);
            _nextToStart ??= pending.Node;
        }
        StartLookups();
    }

    /// <summary>
    /// Emits the rows whose turn has come, and waits only while the queue holds the buffer capacity or more: rows may
    /// stay queued while their lookups run, so the next input's keys join the same round trips. A processing-time timer
    /// then brings the operator back (<see cref="OnTimer"/>) to emit them when no input comes.
    /// </summary>
    public override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            StartLookups();
            EmitReady();
            if (_queue.Count < _capacity) break;
            await WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        FlushCollected();
        ScheduleWakeUp();
    }

    /// <summary>Emits the rows whose lookups finished since (and fails those past the timeout).</summary>
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (!Equals(key, WakeUpKey)) return;
        _wakeUpAt = long.MinValue;
        ExpireTimedOut();
        StartLookups();
        EmitReady();
        ScheduleWakeUp();
    }

    /// <summary>Emits every pending row before the watermark (waits for their lookups).</summary>
    public override void ProcessWatermark(long watermark)
    {
        DrainBlocking();
        EmitWatermark(watermark);
    }

    /// <inheritdoc />
    public override void EndOfInput(int input) => DrainBlocking();

    /// <summary>A checkpoint holds no row in flight: every queued row is emitted first.</summary>
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    /// <inheritdoc />
    public override async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _queue.Clear();
        _nextToStart = null;
        if (_ownsRegistry) await _registry.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until every queued row is out.</summary>
    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            StartLookups();
            EmitReady();
            if (_queue.Count == 0) break;
            await WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        FlushCollected();
    }

    private void DrainBlocking()
    {
        // Lookup completions run on the thread pool (the batcher's continuations are asynchronous): no deadlock.
        if (_queue.Count > 0) DrainAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>While rows are queued, asks to be called back (<see cref="OnTimer"/>) within a millisecond.</summary>
    private void ScheduleWakeUp()
    {
        if (_queue.Count == 0 || _wakeUpAt != long.MinValue) return;
        _wakeUpAt = Context.Timers.CurrentProcessingTime + 1;
        Context.Timers.RegisterProcessingTimer(_wakeUpAt, WakeUpKey);
    }

    /// <summary>Starts queued lookups in input order while fewer than the buffer capacity are in flight.</summary>
    private void StartLookups()
    {
        var batcher = _batcher!;
        while (_nextToStart is { } node && _inFlight < _capacity)
        {
            _nextToStart = node.Next;
            var pending = node.Value;
            if (pending.Key is null)
            {
                Finish(pending, LookupOutcome.FromRows(LookupOutcome.NoRows));
                continue;
            }
            var lookup = batcher.LookupAsync(pending.Key);
            if (lookup.IsCompleted)
            {
                Finish(pending, Result(lookup));
                continue;
            }
            _inFlight++;
            pending.StartedAt = Context.Time.GetTimestamp();
            pending.Task = lookup.AsTask();
            pending.Task.GetAwaiter().UnsafeOnCompleted(pending.Signal);
        }
    }

    /// <summary>Takes the outcomes of the lookups that finished, then emits the rows that may leave now.</summary>
    private void EmitReady()
    {
        while (_completed.Reader.TryRead(out var done))
        {
            if (done.Done) continue; // timed out before it finished
            _inFlight--;
            Finish(done, Result(new ValueTask<LookupOutcome>(done.Task!)));
        }
        while (_queue.First is { Value.Done: true } head)
        {
            _queue.RemoveFirst();
            Join(head.Value);
        }
    }

    /// <summary>Records a row's outcome; in unordered mode the row leaves at once, wherever it stands in the queue.</summary>
    private void Finish(Pending pending, LookupOutcome outcome)
    {
        pending.Complete(outcome);
        if (!_spec.Unordered) return;
        _queue.Remove(pending.Node!);
        Join(pending);
    }

    private async ValueTask WaitForCompletionAsync(CancellationToken cancellationToken)
    {
        if (_completed.Reader.TryPeek(out _)) return;
        // Started lookups are in input order, so the first unfinished one is the oldest: its deadline comes first.
        Pending? oldest = null;
        for (var node = _queue.First; node is not null && node != _nextToStart; node = node.Next)
        {
            if (!node.Value.Done)
            {
                oldest = node.Value;
                break;
            }
        }
        if (oldest is null) return;
        // Nothing more will be asked before these rows are answered: a partial batch need not wait out its linger.
        _batcher!.Flush();
        var remaining = _timeout - Context.Time.GetElapsedTime(oldest.StartedAt);
        if (remaining > TimeSpan.Zero)
        {
            try
            {
                await _completed.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(remaining, Context.Time, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        ExpireTimedOut();
    }

    /// <summary>Every started lookup past its deadline fails (its late answer is ignored).</summary>
    private void ExpireTimedOut()
    {
        for (var node = _queue.First; node is not null && node != _nextToStart;)
        {
            var pending = node.Value;
            node = node.Next;
            if (pending.Done) continue;
            // Lookups start in queue order: once one is within its deadline, so are all after it.
            if (Context.Time.GetElapsedTime(pending.StartedAt) < _timeout) break;
            _inFlight--;
            Finish(pending, LookupOutcome.Failure(
                new TimeoutException($"no answer within table.exec.async-lookup.timeout ({_timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms)"),
                _batcher!.Options.Failure));
        }
    }

    private static LookupOutcome Result(ValueTask<LookupOutcome> lookup)
    {
        try
        {
            return lookup.Result;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The batcher shut down under the lookup: a failure like any other.
            return LookupOutcome.Failure(error, LookupFailurePolicy.Fail);
        }
    }

    private void Join(Pending pending)
    {
        var row = pending.Row;
        var kind = pending.Kind;
        var outcome = pending.Outcome;
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
                Failed(pending, outcome);
                break;
        }
    }

    private void Failed(Pending pending, in LookupOutcome outcome)
    {
        switch (outcome.Policy)
        {
            case LookupFailurePolicy.NullPad when _spec.Type == JoinType.Left:
                FailedNullPadded++;
                Collect(Concat(pending.Row, null), pending.Kind);
                break;
            case LookupFailurePolicy.NullPad:
                FailedDropped++;
                break;
            case LookupFailurePolicy.DeadLetter when _deadLetters is not null:
                FailedDeadLettered++;
                FailedDropped++;
                var key = pending.Key is null ? "" : new LookupKey(pending.Key).ToString();
                _deadLetters.Write(pending.Row, $"lookup in table '{_spec.Table}' failed: {outcome.Error?.Message ?? "unknown error"}", key);
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

    /// <summary>One input row on its way through the lookup.</summary>
    private sealed class Pending(LookupJoinOperator owner, object?[] row, RowKind kind, object?[]? key)
    {
        public object?[] Row { get; } = row;

        public RowKind Kind { get; } = kind;

        /// <summary>The key values; null for a NULL key (no lookup).</summary>
        public object?[]? Key { get; } = key;

        public LinkedListNode<Pending>? Node { get; set; }

        public Task<LookupOutcome>? Task { get; set; }

        public long StartedAt { get; set; }

        public bool Done { get; private set; }

        public LookupOutcome Outcome { get; private set; }

        public void Complete(LookupOutcome outcome)
        {
            Outcome = outcome;
            Done = true;
        }

        /// <summary>Runs on the thread that finished the lookup: only hands the row back to the operator's thread.</summary>
        public void Signal() => owner._completed.Writer.TryWrite(this);
    }
}
