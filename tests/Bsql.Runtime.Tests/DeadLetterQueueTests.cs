using System.Collections.Immutable;
using System.Text;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Tests.Support;

namespace Bsql.Runtime.Tests;

/// <summary>The job's dead-letter queue: column mapping of the shared row schema, sink subtask choice, commits on checkpoints.</summary>
public sealed class DeadLetterQueueTests
{
    private static readonly RowSchema DeadSchema = PlanBuilder.Schema(
        ("kind", SqlType.String), ("source_table", SqlType.String), ("location", SqlType.String), ("raw", SqlType.Bytes),
        ("reason", SqlType.String), ("dead_lettered_at", SqlType.TimestampLtz(3)), ("note", SqlType.String));

    private sealed class RecordingSink : ISink
    {
        public List<object?[]> Rows { get; } = [];

        public List<string> Calls { get; } = [];

        public ValueTask OpenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            Rows.AddRange(batch.Rows);
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken)
        {
            Calls.Add("prepare " + checkpointId);
            return ValueTask.FromResult<string?>(null);
        }

        public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken)
        {
            Calls.Add("commit " + checkpointId);
            return ValueTask.CompletedTask;
        }

        public ValueTask FinishAsync(CancellationToken cancellationToken)
        {
            Calls.Add("finish");
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static PhysicalPlan Plan(bool alsoInserted)
    {
        var sink = new SinkSpec("dl", PlanBuilder.Connector("collect"), DeadSchema, []);
        var source = new SourceSpec("src", PlanBuilder.Connector("values"), DeadSchema, [], null);
        PhysicalOperator[] operators = alsoInserted
            ? [new(0, "src", source, DeadSchema, ChangelogMode.InsertOnly, 3), new(1, "Sink", sink, DeadSchema, ChangelogMode.InsertOnly, 3)]
            : [new(0, "DeadLetterSink", sink, DeadSchema, ChangelogMode.InsertOnly, 1)];
        ImmutableArray<PhysicalEdge> edges = alsoInserted ? [new PhysicalEdge(0, 1, 0, EdgeKind.Forward, [])] : [];
        return new PhysicalPlan(PhysicalPlan.CurrentFormatVersion, "job", new JobOptions(), [.. operators], edges);
    }

    [Fact]
    public async Task Records_AreWrittenByColumnName_OtherColumnsNull_AndCommittedWhenACheckpointCompletes()
    {
        var time = new LookupManualTime();
        var queue = new DeadLetterQueue(Plan(alsoInserted: false), time);
        var sink = new RecordingSink();
        var created = new List<(int Subtask, int Parallelism)>();
        queue.Bind((_, subtask, parallelism) =>
        {
            created.Add((subtask, parallelism));
            return sink;
        });
        Assert.True(queue.Knows("DL"));
        Assert.False(queue.Knows("other"));

        queue.Add(new DeadLetterRecord("dl", "users", "(7)", Encoding.UTF8.GetBytes("{\"oid\":1}"), "store down") { Kind = "lookup" });
        await queue.DrainAsync(CancellationToken.None);

        Assert.Equal([(0, 1)], created);
        var row = Assert.Single(sink.Rows);
        Assert.Equal("lookup", row[0]);
        Assert.Equal("users", row[1]);
        Assert.Equal("(7)", row[2]);
        Assert.Equal("{\"oid\":1}", Encoding.UTF8.GetString((byte[])row[3]!));
        Assert.Equal("store down", row[4]);
        Assert.Equal(time.GetUtcNow().UtcDateTime, row[5]);
        Assert.Null(row[6]);
        Assert.Empty(sink.Calls);

        queue.RequestCommit(3);
        queue.RequestCommit(2); // an older id never goes back
        await queue.DrainAsync(CancellationToken.None);
        await queue.DrainAsync(CancellationToken.None);
        Assert.Equal(["prepare 3", "commit 3"], sink.Calls);

        await queue.FinishAsync(CancellationToken.None);
        Assert.Equal(["prepare 3", "commit 3", "finish"], sink.Calls);
        await queue.CloseAsync();
    }

    [Fact]
    public async Task TableAlsoInsertedInto_GetsTheSubtaskIndexAfterItsOwn()
    {
        var queue = new DeadLetterQueue(Plan(alsoInserted: true), TimeProvider.System);
        var created = new List<(int Subtask, int Parallelism)>();
        queue.Bind((_, subtask, parallelism) =>
        {
            created.Add((subtask, parallelism));
            return new RecordingSink();
        });
        queue.Add(new DeadLetterRecord("dl", "src", "f:1", [1, 2], "bad"));
        await queue.DrainAsync(CancellationToken.None);
        Assert.Equal([(3, 4)], created);
        await queue.CloseAsync();
    }
}
