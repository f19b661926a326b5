using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-chk-" + Guid.NewGuid().ToString("N"));
    private static readonly RowSchema Seq = PlanBuilder.Schema(("id", SqlType.BigInt), ("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private PlanBuilder Plan(string output, int parallelism, string kind, long rows)
    {
        var plan = new PlanBuilder(parallelism);
        var src = plan.Source("seq", Seq, PlanBuilder.Connector("sequence", ("rows", rows.ToString()), ("keys", "13"), ("step-ms", "3"), ("delay-ms", "2")),
            new WatermarkSpec(3, Call("-", SqlType.Timestamp(3), Col(3, SqlType.Timestamp(3)), Interval(100)), null));
        var last = src;
        if (kind == "over")
        {
            // COUNT(*), SUM(id) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 3 PRECEDING AND CURRENT ROW): state in frames and pending rows.
            var spec = new OverAggregateSpec([1], 3, true, OverFrameUnit.Rows, 3, [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 0, SqlType.BigInt, "s")]);
            last = plan.Add(spec, PlanBuilder.Schema(("id", SqlType.BigInt), ("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)), ("c", SqlType.BigInt), ("s", SqlType.BigInt)),
                ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [1]));
        }
        if (kind == "window")
        {
            var spec = new WindowAggregateSpec(new TumbleWindow(3, false, 1_000, 0), [1], [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 0, SqlType.BigInt, "s")],
                [WindowProperty.End], AggregatePhase.Single);
            last = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("s", SqlType.BigInt), ("we", SqlType.Timestamp(3))),
                ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [1]));
        }
        plan.Sink(last, PlanBuilder.Connector("filesystem", ("path", output), ("format", "json")));
        return plan;
    }

    private static List<string> ReadVisible(string directory) =>
        Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.'))
            .SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(1, "none")]
    [InlineData(2, "window")]
    [InlineData(2, "over")]
    public async Task KilledJob_ResumesFromCheckpoint_ExactlyOnceOutput(int parallelism, string window)
    {
        const long rows = 12_000;
        var reference = Path.Combine(_root, "reference");
        await Plan(reference, parallelism, window, rows).RunAsync(options: new JobRunOptions { BatchSize = 200 });
        var expected = ReadVisible(reference);
        Assert.NotEmpty(expected);

        var output = Path.Combine(_root, "out");
        var checkpoints = Path.Combine(_root, "chk");
        var options = new JobRunOptions { BatchSize = 200, CheckpointDir = checkpoints, CheckpointIntervalMs = 40, JobId = "crash-test" };

        // First attempt: "killed" (cancelled without finishing) once a checkpoint is complete.
        using var kill = new CancellationTokenSource();
        var first = JobRunner.RunAsync(Plan(output, parallelism, window, rows).Build(),
            options with { Connectors = PlanBuilder.Registry, Expressions = TestExpressions.Instance, Output = TextWriter.Null }, kill.Token);
        var jobDir = Path.Combine(checkpoints, "crash-test");
        while (!first.IsCompleted && !(Directory.Exists(jobDir) && Directory.GetDirectories(jobDir, "chk-*").Any(d => !d.EndsWith(".tmp", StringComparison.Ordinal))))
        {
            await Task.Delay(5);
        }
        Assert.False(first.IsCompleted, "the job finished before a checkpoint completed: make it slower");
        await Task.Delay(60);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var partial = ReadVisible(output);
        Assert.True(partial.Count < expected.Count, "the killed run should not have committed everything");

        // Second attempt resumes from the latest complete checkpoint.
        var second = await Plan(output, parallelism, window, rows).RunAsync(options: options);
        Assert.NotNull(second.RestoredCheckpoint);
        Assert.Equal(expected, ReadVisible(output));
        Assert.False(Directory.Exists(jobDir), "a finished job removes its checkpoints");
    }

    [Fact]
    public void ACheckpointIdWrittenByAnotherProcess_IsNotOverwritten()
    {
        var first = new Execution.Checkpoints.CheckpointStore(_root, "twice");
        var second = new Execution.Checkpoints.CheckpointStore(_root, "twice");
        first.Write(5, [new Execution.Checkpoints.SubtaskSnapshot(0, 0, "p:0:10", null, [])]);
        // Two runs restored from checkpoint 4 both reach 5 (or one is behind): the later writer stops.
        var again = Assert.Throws<BsqlRuntimeException>(() => second.Write(5, [new Execution.Checkpoints.SubtaskSnapshot(0, 0, "p:0:99", null, [])]));
        Assert.Equal(RuntimeErrors.CheckpointFailed, again.Code);
        Assert.Throws<BsqlRuntimeException>(() => second.Write(4, [new Execution.Checkpoints.SubtaskSnapshot(0, 0, "p:0:7", null, [])]));
        var latest = first.LoadLatest();
        Assert.Equal(5, latest!.Value.Id);
        Assert.Equal("p:0:10", latest.Value.States[(0, 0)].Position);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_root, "twice"), "*.tmp"));
    }
}
