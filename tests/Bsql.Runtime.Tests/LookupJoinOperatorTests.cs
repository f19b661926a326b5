using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using Bsql.Runtime.Metrics;
using Bsql.Runtime.Operators;
using Bsql.Runtime.Tests.Support;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Tests;

/// <summary>
/// The lookup join operator driven directly, as a subtask drives it, against a store whose answers the test releases:
/// rows stay queued (not blocking the input) while their lookups run, a processing-time timer brings them out when no
/// input comes, and a watermark never overtakes the rows before it.
/// </summary>
public sealed class LookupJoinOperatorTests
{
    private static readonly RowSchema Input = PlanBuilder.Schema(("oid", SqlType.BigInt), ("uid", SqlType.BigInt));
    private static readonly RowSchema Users = PlanBuilder.Schema(("uid", SqlType.BigInt), ("name", SqlType.String));

    /// <summary>Answers every key (name "user{uid}") once the test opens the gate.</summary>
    private sealed class GatedUsers : ILookupClient
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RowSchema Schema => Users;

        public IReadOnlyList<int> KeyColumns => [0];

        public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
        {
            await Gate.Task.WaitAsync(cancellationToken);
            return [.. keys.Select(k => (IReadOnlyList<object?[]>)[[k[0], "user" + k[0]]])];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Capture : IOutput
    {
        public List<string> Elements { get; } = [];

        public void Emit(RowBatch batch)
        {
            foreach (var row in batch.Rows) Elements.Add($"{row[0]}:{row[3]}");
        }

        public void EmitWatermark(long watermark) => Elements.Add("wm " + watermark);
    }

    private static async Task<(LookupJoinOperator Operator, OperatorDriver Driver, Capture Output, LookupRegistry Registry)> OpenAsync(GatedUsers users, bool unordered)
    {
        var connector = PlanBuilder.Connector("redis", ("lookup.batch.linger", "0ms"));
        var spec = new LookupJoinSpec(JoinType.Left, "users", connector, Users, [0], [new InputRef(1, SqlType.BigInt)], null, unordered);
        var op = new PhysicalOperator(1, "LookupJoin", spec, new RowSchema([.. Input.Fields, .. Users.Fields]), ChangelogMode.InsertOnly, 1);
        var timers = new TimerService(TimeProvider.System);
        var context = new OperatorContext(op, 0, new JobOptions(), TimeProvider.System, timers, TestExpressions.Instance, new OperatorMetrics(1, "LookupJoin"))
        {
            InputSchemas = [Input],
        };
        var registry = new LookupRegistry(TimeProvider.System, (_, _, _, _, _, _) => ValueTask.FromResult<ILookupClient>(users));
        var join = new LookupJoinOperator(spec, registry);
        var output = new Capture();
        join.Setup(context, output);
        await join.OpenAsync(CancellationToken.None);
        return (join, new OperatorDriver(join, context, timers, 1), output, registry);
    }

    private static RowBatch Batch(params long[] oids)
    {
        var batch = new RowBatch();
        foreach (var oid in oids) batch.Add([oid, oid % 10]);
        return batch;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueuedRows_DoNotBlockTheInput_AndATimerEmitsThemOnceAnswered(bool unordered)
    {
        var users = new GatedUsers();
        var (join, driver, output, registry) = await OpenAsync(users, unordered);
        await using var _ = registry;

        driver.ProcessBatch(0, Batch(1, 2, 3));
        // Fewer rows than the buffer capacity: the flush returns with the lookups still in flight.
        await join.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        driver.ProcessBatch(0, Batch(4));
        await join.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(output.Elements);
        Assert.Equal(4, join.PendingRows);

        users.Gate.SetResult();
        var deadline = Environment.TickCount64 + 10_000;
        while (output.Elements.Count < 4 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(2);
            driver.FireProcessingTimers(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        }
        Assert.Equal(["1:user1", "2:user2", "3:user3", "4:user4"], unordered ? output.Elements.Order(StringComparer.Ordinal) : output.Elements);
        Assert.Equal(0, join.PendingRows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watermark_WaitsForTheRowsBeforeIt(bool unordered)
    {
        var users = new GatedUsers();
        var (join, driver, output, registry) = await OpenAsync(users, unordered);
        await using var _ = registry;

        driver.ProcessBatch(0, Batch(1, 2));
        await join.FlushAsync(CancellationToken.None);
        var watermark = Task.Run(() => driver.AdvanceWatermark(1000));
        await Task.Delay(100);
        Assert.False(watermark.IsCompleted); // held back by the rows in flight
        Assert.Empty(output.Elements);

        users.Gate.SetResult();
        await watermark.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("wm 1000", output.Elements[^1]);
        Assert.Equal(["1:user1", "2:user2"], output.Elements.Take(2).Order(StringComparer.Ordinal));
    }
}
