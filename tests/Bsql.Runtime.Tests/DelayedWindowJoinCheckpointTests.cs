using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

/// <summary>The delayed window join under the runtime's checkpoints: killed after a checkpoint, resumed, spilling all along.</summary>
public sealed class DelayedWindowJoinCheckpointTests : IDisposable
{
    private static readonly RowSchema Seq = PlanBuilder.Schema(("id", SqlType.BigInt), ("k", SqlType.BigInt), ("v", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
    private static readonly RowSchema Joined = new([.. Seq.Fields, .. PlanBuilder.Schema(("rid", SqlType.BigInt), ("rk", SqlType.BigInt), ("rv", SqlType.BigInt), ("rts", SqlType.Timestamp(3))).Fields]);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bsql-sjoin-chk-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Left: 6000 rows 3 ms apart, 13 keys; right: 6000 rows 3 ms apart, 130 keys (a tenth can match), read at the same pace; W = 500 ms, D = 200 ms; state capped at a few KB (both sides spill).</summary>
    private static PlanBuilder Plan(string output, int parallelism)
    {
        var plan = new PlanBuilder(parallelism) { Options = new JobOptions { StateMemoryMaxBytes = 16_000 } };
        var watermark = new WatermarkSpec(3, Call("-", SqlType.Timestamp(3), Col(3, SqlType.Timestamp(3)), Interval(50)), null);
        var left = plan.Source("feed", Seq, PlanBuilder.Connector("sequence", ("rows", "6000"), ("keys", "13"), ("step-ms", "3"), ("delay-ms", "2")), watermark);
        var right = plan.Source("click", Seq, PlanBuilder.Connector("sequence", ("rows", "6000"), ("keys", "130"), ("step-ms", "3"), ("delay-ms", "2")), watermark);
        var spec = new DelayedWindowJoinSpec([1], [1], 3, 3, 500, 200, false, null, LateRowPolicy.Emit);
        var join = plan.Add(spec, Joined, ChangelogMode.InsertOnly, parallelism, (left, EdgeKind.Hash, [1]), (right, EdgeKind.Hash, [1]));
        plan.Sink(join, PlanBuilder.Connector("filesystem", ("path", output), ("format", "json")));
        return plan;
    }

    private static List<string> ReadVisible(string directory) =>
        Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task KilledJob_ResumesFromCheckpoint_SameSamplesExactlyOnce(int parallelism)
    {
        var reference = Path.Combine(_root, "reference");
        await Plan(reference, parallelism).RunAsync(options: new JobRunOptions { BatchSize = 25 });
        var expected = ReadVisible(reference);

        // The reference itself against the join's definition (every row is on time: a pure join).
        var lefts = Enumerable.Range(0, 6000).Select(i => (Id: (long)i, K: i % 13L, T: 3L * i)).ToList();
        var rights = Enumerable.Range(0, 6000).Select(j => (Id: (long)j, K: j % 130L, T: 3L * j)).Where(b => b.K < 13).ToList();
        var oracleCount = lefts.Sum(a => Math.Max(1, rights.Count(b => b.K == a.K && b.T >= a.T && b.T < a.T + 500)));
        Assert.Equal(oracleCount, expected.Count);

        var output = Path.Combine(_root, "out");
        var options = new JobRunOptions { BatchSize = 25, CheckpointDir = Path.Combine(_root, "chk"), CheckpointIntervalMs = 40, JobId = "sjoin-crash" };
        using var kill = new CancellationTokenSource();
        var first = JobRunner.RunAsync(Plan(output, parallelism).Build(),
            options with { Connectors = PlanBuilder.Registry, Expressions = TestExpressions.Instance, Output = TextWriter.Null }, kill.Token);
        var jobDir = Path.Combine(_root, "chk", "sjoin-crash");
        while (!first.IsCompleted && !(Directory.Exists(jobDir) && Directory.GetDirectories(jobDir, "chk-*").Any(d => !d.EndsWith(".tmp", StringComparison.Ordinal))))
        {
            await Task.Delay(5);
        }
        Assert.False(first.IsCompleted, "the job finished before a checkpoint completed: make it slower");
        await Task.Delay(50);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(ReadVisible(output).Count < expected.Count);
        // The killed run left its segments (checkpoints name them): both sides spilled.
        var spill = Path.Combine(_root, "chk", "sjoin-crash", "spill");
        Assert.NotEmpty(Directory.GetFiles(spill, "left-*.seg", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(spill, "right-*.seg", SearchOption.AllDirectories));

        var second = await Plan(output, parallelism).RunAsync(options: options);
        Assert.NotNull(second.RestoredCheckpoint);
        Assert.Equal(expected, ReadVisible(output));
        // The finished job deleted every segment: its own, those it adopted and those the killed run left unnamed.
        Assert.False(Directory.Exists(spill));
    }
}
