using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Window and group aggregation with a tiny <c>state.memory.max</c>, so that keyed state spills to disk:
/// results must equal a plain LINQ computation, spill must actually happen, and checkpoints must carry
/// spilled state across a kill and a restore.
/// </summary>
public sealed class KeyedStateSpillTests : IDisposable
{
    private static readonly RowSchema Input = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
    private const long Bound = 2_000;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-spilltest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static List<object?[]> RandomRows(int seed, int n, int keys)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>();
        long baseTime = 1_700_000_000_000;
        for (var i = 0; i < n; i++)
        {
            baseTime += random.Next(0, 12);
            rows.Add([(long)random.Next(keys), (long)random.Next(-50, 1000), Ts(baseTime + random.Next(0, (int)Bound))]);
        }
        return rows;
    }

    private static IEnumerable<(long Start, long End)> WindowsOf(WindowSpec window, long t)
    {
        switch (window)
        {
            case TumbleWindow tw:
            {
                var start = Math.DivRem(t, tw.SizeMs).Quotient * tw.SizeMs;
                yield return (start, start + tw.SizeMs);
                break;
            }
            case HopWindow hw:
            {
                var last = t / hw.SlideMs * hw.SlideMs;
                for (var start = last; start > t - hw.SizeMs; start -= hw.SlideMs) yield return (start, start + hw.SizeMs);
                break;
            }
            case CumulateWindow cw:
            {
                var start = t / cw.SizeMs * cw.SizeMs;
                for (var end = start + cw.StepMs; end <= start + cw.SizeMs; end += cw.StepMs)
                {
                    if (end > t) yield return (start, end);
                }
                break;
            }
        }
    }

    private static WindowSpec WindowFor(string kind) => kind switch
    {
        "tumble" => new TumbleWindow(2, false, 10_000, 0),
        "hop" => new HopWindow(2, false, 2_000, 8_000),
        _ => new CumulateWindow(2, false, 2_000, 10_000),
    };

    public static TheoryData<string, int> Cases() => new() { { "tumble", 1 }, { "tumble", 2 }, { "hop", 1 }, { "hop", 2 }, { "cumulate", 1 }, { "cumulate", 2 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WindowAggregate_WithTinyMemoryCap_SpillsAndMatchesLinqOracle(string kind, int parallelism)
    {
        var rows = RandomRows(11 * parallelism + kind.Length, 12_000, 900);
        var window = WindowFor(kind);
        var plan = new PlanBuilder(parallelism) { Options = new JobOptions { StateMemoryMaxBytes = 40_000L * parallelism, CheckpointDir = _root } };
        var src = plan.Values("t", Input, rows, new WatermarkSpec(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound)), null),
            partitions: parallelism, rowsPerRead: 101);
        var spec = new WindowAggregateSpec(window, [0],
            [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "s"), Aggs.Of(AggregateFunction.Min, 1, SqlType.BigInt, "mn"),
             Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "mx"), Aggs.Of(AggregateFunction.Count, 1, SqlType.BigInt, "dv", distinct: true)],
            [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single);
        var output = PlanBuilder.Schema(("k", SqlType.BigInt), ("cnt", SqlType.BigInt), ("s", SqlType.BigInt), ("mn", SqlType.BigInt),
            ("mx", SqlType.BigInt), ("dv", SqlType.BigInt), ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3)));
        var agg = plan.Add(spec, output, ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        var result = await plan.RunAsync();

        var expected = rows
            .SelectMany(r => WindowsOf(window, Time.EventTime.ToMillis((DateTime)r[2]!)).Select(w => (w, k: (long)r[0]!, v: (long)r[1]!)))
            .GroupBy(x => (x.w, x.k))
            .Select(g => $"{g.Key.k},{g.Count()},{g.Sum(x => x.v)},{g.Min(x => x.v)},{g.Max(x => x.v)},{g.Select(x => x.v).Distinct().Count()},{g.Key.w.Start},{g.Key.w.End}")
            .Order(StringComparer.Ordinal).ToList();
        var got = CollectSinkFactory.Get(sink)
            .Select(r => $"{r.Row[0]},{r.Row[1]},{r.Row[2]},{r.Row[3]},{r.Row[4]},{r.Row[5]},"
                + $"{Time.EventTime.ToMillis((DateTime)r.Row[6]!)},{Time.EventTime.ToMillis((DateTime)r.Row[7]!)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
        Assert.Equal(0, result.Metrics.Operators[agg].LateRowsDropped);
        Assert.True(result.Metrics.Operators[agg].SpilledBytes > 0, "the memory cap should have made the operator spill");
        // A finished job leaves no spill file behind.
        Assert.Empty(Directory.Exists(_root) ? Directory.GetFiles(_root, "*.spill", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task WindowAggregate_WithoutCap_DoesNotSpill()
    {
        var rows = RandomRows(3, 3_000, 200);
        var plan = new PlanBuilder();
        var src = plan.Values("t", Input, rows, new WatermarkSpec(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound)), null));
        var spec = new WindowAggregateSpec(new TumbleWindow(2, false, 10_000, 0), [0], [Aggs.CountStar()], [WindowProperty.End], AggregatePhase.Single);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("cnt", SqlType.BigInt), ("we", SqlType.Timestamp(3))),
            ChangelogMode.InsertOnly, 1, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        var result = await plan.RunAsync();
        Assert.Equal(rows.Count, CollectSinkFactory.Get(sink).Sum(r => (long)r.Row[1]!));
        Assert.Equal(0, result.Metrics.Operators[agg].SpilledBytes);
        Assert.True(result.Metrics.Operators[agg].StateBytesPeak > 0);
    }

    private static readonly RowSchema Seq = PlanBuilder.Schema(("id", SqlType.BigInt), ("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));

    private PlanBuilder SpillingWindowJob(string output, int parallelism, long rows, long? memoryMax)
    {
        var plan = new PlanBuilder(parallelism) { Options = new JobOptions { StateMemoryMaxBytes = memoryMax, CheckpointDir = Path.Combine(_root, "chk") } };
        var src = plan.Source("seq", Seq, PlanBuilder.Connector("sequence", ("rows", rows.ToString()), ("keys", "997"), ("step-ms", "2"), ("delay-ms", "2")),
            new WatermarkSpec(3, Call("-", SqlType.Timestamp(3), Col(3, SqlType.Timestamp(3)), Interval(100)), null));
        var spec = new WindowAggregateSpec(new HopWindow(3, false, 2_000, 6_000), [1],
            [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 0, SqlType.BigInt, "s"), Aggs.Of(AggregateFunction.Max, 2, SqlType.BigInt, "m")],
            [WindowProperty.Start, WindowProperty.End], AggregatePhase.Single);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("s", SqlType.BigInt), ("m", SqlType.BigInt),
            ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3))), ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [1]));
        plan.Sink(agg, PlanBuilder.Connector("filesystem", ("path", output), ("format", "json")));
        return plan;
    }

    private static List<string> ReadVisible(string directory) =>
        Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.'))
            .SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task KilledWindowJobWithSpilledState_ResumesFromCheckpoint_ExactlyOnceOutput(int parallelism)
    {
        const long rows = 24_000;
        var reference = Path.Combine(_root, "reference");
        await SpillingWindowJob(reference, parallelism, rows, memoryMax: null).RunAsync(options: new JobRunOptions { BatchSize = 200 });
        var expected = ReadVisible(reference);
        Assert.NotEmpty(expected);

        var output = Path.Combine(_root, "out");
        var checkpoints = Path.Combine(_root, "chk");
        var options = new JobRunOptions { BatchSize = 200, CheckpointDir = checkpoints, CheckpointIntervalMs = 40, JobId = "spill-crash" };
        var metrics = new Metrics.JobMetrics();
        const long cap = 30_000;

        // First attempt: killed once a checkpoint is complete and state has spilled.
        using var kill = new CancellationTokenSource();
        var first = JobRunner.RunAsync(SpillingWindowJob(output, parallelism, rows, cap).Build(),
            options with { Connectors = PlanBuilder.Registry, Expressions = TestExpressions.Instance, Output = TextWriter.Null, Metrics = metrics }, kill.Token);
        var jobDir = Path.Combine(checkpoints, "spill-crash");
        bool Spilled() => metrics.Operators.Values.Any(o => o.SpilledBytes > 0);
        bool Checkpointed() => Directory.Exists(jobDir) && Directory.GetDirectories(jobDir, "chk-*").Any(d => !d.EndsWith(".tmp", StringComparison.Ordinal));
        while (!first.IsCompleted && !(Spilled() && Checkpointed())) await Task.Delay(5);
        Assert.False(first.IsCompleted, "the job finished before a checkpoint completed: make it slower");
        await Task.Delay(100);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(ReadVisible(output).Count < expected.Count, "the killed run should not have committed everything");
        Assert.NotEmpty(Directory.GetFiles(checkpoints, "*.spill", SearchOption.AllDirectories));

        // Second attempt resumes from the latest complete checkpoint, spilled files included.
        var second = await SpillingWindowJob(output, parallelism, rows, cap).RunAsync(options: options);
        Assert.NotNull(second.RestoredCheckpoint);
        Assert.Equal(expected, ReadVisible(output));
        Assert.Empty(Directory.GetFiles(checkpoints, "*.spill", SearchOption.AllDirectories));
    }

    private static readonly RowSchema GroupInput = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("s", SqlType.String));

    private static List<object?[]> GroupRows(int seed, int n, int keys)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => new object?[] { (long)random.Next(keys), (long)random.Next(-100, 100), "s" + random.Next(6) }).ToList();
    }

    private static List<string> GroupOracle(IEnumerable<object?[]> rows) => rows.GroupBy(r => (long)r[0]!)
        .Select(g => Formats.ValueText.ToText(new object?[]
        {
            g.Key, (long)g.Count(), g.Sum(r => (long)r[1]!), g.Max(r => (long)r[1]!), (long)g.Select(r => r[2]).Distinct().Count(),
        }))
        .Order(StringComparer.Ordinal).ToList();

    private static AggregateCall[] GroupCalls =>
        [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "sum"), Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "max"),
         Aggs.Of(AggregateFunction.Count, 2, SqlType.BigInt, "ds", distinct: true)];

    private static readonly RowSchema GroupOutput = PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("sum", SqlType.BigInt),
        ("max", SqlType.BigInt), ("ds", SqlType.BigInt));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task GroupAggregate_WithTinyMemoryCap_SpillsAndConvergesToLinqResult(int parallelism)
    {
        var rows = GroupRows(parallelism, 12_000, 1_500);
        var plan = new PlanBuilder(parallelism) { Options = new JobOptions { StateMemoryMaxBytes = 60_000L * parallelism, CheckpointDir = _root } };
        var src = plan.Values("t", GroupInput, rows, partitions: parallelism, rowsPerRead: 64);
        var agg = plan.Add(new GroupAggregateSpec([0], [.. GroupCalls], AggregatePhase.Single, null), GroupOutput, ChangelogMode.Retract, parallelism,
            (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        var result = await plan.RunAsync();

        var changes = CollectSinkFactory.Get(sink);
        var final = GroupAggregateTests.Apply(changes, 1).Values.Select(Formats.ValueText.ToText).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GroupOracle(rows), final);
        Assert.True(result.Metrics.Operators[agg].SpilledBytes > 0, "the memory cap should have made the operator spill");
        Assert.Empty(Directory.Exists(_root) ? Directory.GetFiles(_root, "*.spill", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task TwoPhaseGroupAggregate_WithTinyMemoryCap_SpillsAndConvergesToLinqResult()
    {
        var rows = GroupRows(5, 10_000, 1_200);
        var plan = new PlanBuilder(2) { Options = new JobOptions { StateMemoryMaxBytes = 80_000, CheckpointDir = _root } };
        var src = plan.Values("t", GroupInput, rows, partitions: 2, rowsPerRead: 50);
        AggregateCall[] calls = [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "sum"), Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "max")];
        var partialSchema = PlanBuilder.Schema(("k", SqlType.BigInt), ("p0", SqlType.BigInt), ("p1", SqlType.BigInt), ("p2", SqlType.BigInt));
        var local = plan.Add(new GroupAggregateSpec([0], [.. calls], AggregatePhase.Local, null), partialSchema, ChangelogMode.InsertOnly, 2, (src, EdgeKind.Forward, []));
        var global = plan.Add(new GroupAggregateSpec([0], [.. calls.Select((c, j) => c with { Args = [1 + j], FilterIndex = -1 })], AggregatePhase.Global, null),
            PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("sum", SqlType.BigInt), ("max", SqlType.BigInt)), ChangelogMode.Retract, 2,
            (local, EdgeKind.Hash, [0]));
        var sink = plan.Collect(global);
        var result = await plan.RunAsync();

        var final = GroupAggregateTests.Apply(CollectSinkFactory.Get(sink), 1).Values.Select(Formats.ValueText.ToText).Order(StringComparer.Ordinal).ToList();
        var expected = rows.GroupBy(r => (long)r[0]!)
            .Select(g => Formats.ValueText.ToText(new object?[] { g.Key, (long)g.Count(), g.Sum(r => (long)r[1]!), g.Max(r => (long)r[1]!) }))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, final);
        Assert.True(result.Metrics.Operators[global].SpilledBytes > 0);
    }

    /// <summary>
    /// An update stream (inserts and retractions of earlier inserts) through one group aggregation subtask
    /// with spilled partitions: snapshot half-way, restore into a fresh operator, feed the rest. The
    /// changelog of the first half plus the restored run's changelog must converge to the oracle, as must
    /// an uninterrupted run.
    /// </summary>
    [Fact]
    public async Task GroupAggregate_SnapshotWithSpilledPartitions_RestoresAndConverges()
    {
        var random = new Random(9);
        var input = new List<(RowKind Kind, object?[] Row)>();
        var live = new List<object?[]>();
        for (var i = 0; i < 9_000; i++)
        {
            if (live.Count > 0 && random.Next(5) == 0)
            {
                var j = random.Next(live.Count);
                input.Add((RowKind.Delete, live[j]));
                live.RemoveAt(j);
            }
            else
            {
                var row = new object?[] { (long)random.Next(1_000), (long)random.Next(-100, 100), "s" + random.Next(6) };
                input.Add((RowKind.Insert, row));
                live.Add(row);
            }
        }
        var spec = new GroupAggregateSpec([0], [.. GroupCalls], AggregatePhase.Single, null);
        var options = new Operators.KeyedStateOptions { MemoryMaxBytes = 50_000, SpillDirectory = Path.Combine(_root, "spill"), SpillPartitions = 8, MaxSpillDelayMs = long.MaxValue / 4 };

        // Uninterrupted.
        var (whole, wholeOut) = await OpenGroupOperator(spec, options);
        Feed(whole, input, 0, input.Count);
        whole.EndOfInput(0);
        while (whole.HasPendingWork) whole.ContinueWork();
        whole.FlushCollected();
        Assert.True(whole.SpilledBytes > 0);
        Assert.Equal(GroupOracle(live), GroupAggregateTests.Apply(wholeOut.Changes, 1).Values.Select(Formats.ValueText.ToText).Order(StringComparer.Ordinal).ToList());
        await whole.CloseAsync(CancellationToken.None);

        // Snapshot half-way (with spilled partitions and logs), then restore into a new operator.
        var (first, firstOut) = await OpenGroupOperator(spec, options);
        var half = input.Count / 2;
        Feed(first, input, 0, half);
        Assert.True(first.SpilledBytes > 0, "state should have spilled before the snapshot");
        await first.PrepareCheckpointAsync(1, CancellationToken.None);
        first.FlushCollected();
        byte[] state;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) first.SnapshotState(writer);
            state = buffer.ToArray();
        }
        var before = firstOut.Changes.ToList();
        // The first run goes on a little (appending to its files) and then "crashes": the restore must cut that off.
        Feed(first, input, half, half + 500);
        await first.CloseAsync(CancellationToken.None);

        var (second, secondOut) = await OpenGroupOperator(spec, options, state);
        Feed(second, input, half, input.Count);
        second.EndOfInput(0);
        while (second.HasPendingWork) second.ContinueWork();
        second.FlushCollected();
        var final = GroupAggregateTests.Apply(before.Concat(secondOut.Changes), 1).Values.Select(Formats.ValueText.ToText).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GroupOracle(live), final);
        await second.CloseAsync(CancellationToken.None);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "spill"), "*.spill", SearchOption.AllDirectories));
    }

    private static void Feed(Operators.GroupAggregateOperator op, List<(RowKind Kind, object?[] Row)> input, int from, int to)
    {
        var random = new Random(from);
        var i = from;
        while (i < to)
        {
            var batch = new RowBatch();
            var n = random.Next(1, 90);
            for (; i < to && n-- > 0; i++) batch.Add(input[i].Row, input[i].Kind);
            op.ProcessBatch(0, batch);
            op.FlushCollected();
        }
    }

    private static async Task<(Operators.GroupAggregateOperator, ChangeCapture)> OpenGroupOperator(GroupAggregateSpec spec, Operators.KeyedStateOptions options, byte[]? state = null)
    {
        var physical = new PhysicalOperator(3, "GroupAggregate", spec, GroupOutput, ChangelogMode.Retract, 1);
        var timers = new Time.TimerService(TimeProvider.System);
        var context = new Operators.OperatorContext(physical, 0, new JobOptions(), TimeProvider.System, timers, TestExpressions.Instance,
            new Metrics.OperatorMetrics(physical.Id, physical.Name))
        {
            InputSchemas = [GroupInput],
            InputChangelogs = [ChangelogMode.Retract],
        };
        var op = new Operators.GroupAggregateOperator(spec, options);
        var output = new ChangeCapture();
        op.Setup(context, output);
        await op.OpenAsync(CancellationToken.None);
        if (state is not null)
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            op.RestoreState(reader);
        }
        return (op, output);
    }

    private sealed class ChangeCapture : IOutput
    {
        public List<(RowKind Kind, object?[] Row)> Changes { get; } = [];

        public void Emit(RowBatch batch)
        {
            for (var i = 0; i < batch.Count; i++) Changes.Add((batch.KindAt(i), batch[i]));
        }

        public void EmitWatermark(long watermark)
        {
        }
    }
}
