using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;
using Bsql.Runtime.Operators;
using Bsql.Runtime.Tests.Support;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Drives delayed window join subtasks directly (no job graph): rows in batches, watermarks through the
/// runtime's <see cref="OperatorDriver"/> (timers, then the operator), output collected. With several
/// subtasks, rows go to the subtask of their key (or round-robin for GLOBAL) and every watermark to all.
/// </summary>
internal sealed class SjoinHarness
{
    private readonly List<Subtask> _subtasks = [];
    private readonly DelayedWindowJoinSpec _spec;
    private readonly PhysicalOperator _op;
    private int _roundRobin;

    public SjoinHarness(DelayedWindowJoinSpec spec, int parallelism = 1, DelayedWindowJoinOptions? options = null, JobOptions? jobOptions = null,
        RowSchema? left = null, RowSchema? right = null)
    {
        _spec = spec;
        left ??= SjoinStreams.Feed;
        right ??= SjoinStreams.Click;
        _op = new PhysicalOperator(7, "DelayedWindowJoin", spec, new RowSchema([.. left.Fields, .. right.Fields]), ChangelogMode.InsertOnly, parallelism);
        jobOptions ??= new JobOptions();
        if (spec.LateRows == LateRowPolicy.DeadLetter && jobOptions.SjoinDeadLetter is null) jobOptions = jobOptions with { SjoinDeadLetter = "late_rows" };
        for (var i = 0; i < parallelism; i++)
        {
            var timers = new TimerService(TimeProvider.System);
            var context = new OperatorContext(_op, i, jobOptions, TimeProvider.System, timers, TestExpressions.Instance,
                new OperatorMetrics(_op.Id, _op.Name))
            {
                InputSchemas = [left, right],
                DeadLetters = DeadLetters,
            };
            var op = new DelayedWindowJoinOperator(spec, options);
            var output = new Capture();
            op.Setup(context, output);
            _subtasks.Add(new Subtask(op, new OperatorDriver(op, context, timers, 2), output));
        }
    }

    /// <summary>Rows the subtasks dead-lettered (<c>'sjoin.late-rows' = 'dead-letter'</c>), in order.</summary>
    public CapturingDeadLetters DeadLetters { get; } = new();

    /// <summary>A dead-letter queue that keeps what it is given; it knows every table.</summary>
    public sealed class CapturingDeadLetters : Bsql.Runtime.Formats.IDeadLetterQueue
    {
        private readonly Lock _lock = new();

        public List<Bsql.Runtime.Formats.DeadLetterRecord> Records { get; } = [];

        public bool Knows(string table) => true;

        public void Add(Bsql.Runtime.Formats.DeadLetterRecord record)
        {
            lock (_lock) Records.Add(record);
        }
    }

    public IReadOnlyList<DelayedWindowJoinOperator> Operators => _subtasks.Select(s => s.Operator).ToList();

    public IEnumerable<object?[]> Rows => _subtasks.SelectMany(s => s.Output.Rows);

    public List<object?[]> RowsOf(int subtask) => _subtasks[subtask].Output.Rows;

    public async Task OpenAsync()
    {
        foreach (var s in _subtasks) await s.Operator.OpenAsync(CancellationToken.None);
    }

    /// <summary>Feeds <paramref name="events"/>[from..to) in batches of 1–<paramref name="maxBatch"/> rows of one input.</summary>
    public void Feed(IReadOnlyList<SjoinEvent> events, int from, int to, int seed, int maxBatch = 24)
    {
        var random = new Random(seed);
        var i = from;
        while (i < to)
        {
            var e = events[i];
            if (e.IsWatermark)
            {
                foreach (var s in _subtasks) s.Driver.AdvanceWatermark(e.Watermark);
                i++;
                continue;
            }
            var batches = _subtasks.Select(_ => new RowBatch()).ToArray();
            var size = random.Next(1, maxBatch + 1);
            var input = e.Input;
            while (i < to && size-- > 0 && !events[i].IsWatermark && events[i].Input == input)
            {
                var row = events[i].Row!;
                batches[SubtaskOf(row)].Add((object?[])row.Clone());
                i++;
            }
            for (var s = 0; s < batches.Length; s++)
            {
                if (batches[s].Count > 0) _subtasks[s].Driver.ProcessBatch(input, batches[s]);
            }
        }
    }

    public void EndInputs()
    {
        foreach (var s in _subtasks)
        {
            s.Driver.EndOfInput(0);
            s.Driver.EndOfInput(1);
        }
    }

    public async Task CheckpointAsync(long id, List<byte[]> snapshots)
    {
        snapshots.Clear();
        foreach (var s in _subtasks)
        {
            await s.Operator.PrepareCheckpointAsync(id, CancellationToken.None);
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer)) s.Operator.SnapshotState(writer);
            snapshots.Add(buffer.ToArray());
        }
    }

    public async Task CompleteCheckpointAsync(long id)
    {
        foreach (var s in _subtasks) await s.Operator.NotifyCheckpointCompleteAsync(id, CancellationToken.None);
    }

    /// <summary>Restores each subtask from its snapshot (timers: the watermark is restored through the driver).</summary>
    public void Restore(IReadOnlyList<byte[]> snapshots, long watermark)
    {
        for (var i = 0; i < _subtasks.Count; i++)
        {
            using var reader = new BinaryReader(new MemoryStream(snapshots[i]));
            _subtasks[i].Operator.RestoreState(reader);
            if (watermark != long.MinValue) _subtasks[i].Driver.Timers.SetWatermark(watermark);
        }
    }

    public async Task CloseAsync()
    {
        foreach (var s in _subtasks) await s.Operator.CloseAsync(CancellationToken.None);
    }

    private int SubtaskOf(object?[] row)
    {
        if (_subtasks.Count == 1) return 0;
        if (_spec.Global) return _roundRobin++ % _subtasks.Count;
        return row[0] is long key ? (int)(key % _subtasks.Count) : 0;
    }

    private sealed record Subtask(DelayedWindowJoinOperator Operator, OperatorDriver Driver, Capture Output);

    private sealed class Capture : IOutput
    {
        public List<object?[]> Rows { get; } = [];

        public List<long> Watermarks { get; } = [];

        public void Emit(RowBatch batch)
        {
            foreach (var row in batch.Rows) Rows.Add(row);
        }

        public void EmitWatermark(long watermark) => Watermarks.Add(watermark);
    }
}
