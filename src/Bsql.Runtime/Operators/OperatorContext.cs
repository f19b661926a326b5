using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Metrics;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>What an operator subtask can see of the job: its place, clock, timers, expression compiler and counters.</summary>
public sealed class OperatorContext
{
    /// <summary>Creates a context (the runtime does this; tests may too).</summary>
    public OperatorContext(
        PhysicalOperator op,
        int subtaskIndex,
        JobOptions jobOptions,
        TimeProvider time,
        ITimerService timers,
        IExpressionCompiler expressions,
        OperatorMetrics metrics)
    {
        Operator = op;
        SubtaskIndex = subtaskIndex;
        JobOptions = jobOptions;
        Time = time;
        Timers = timers;
        Expressions = expressions;
        Metrics = metrics;
    }

    /// <summary>The plan operator this subtask runs.</summary>
    public PhysicalOperator Operator { get; }

    /// <summary>0-based index of this subtask.</summary>
    public int SubtaskIndex { get; }

    /// <summary>Number of subtasks of the operator.</summary>
    public int Parallelism => Operator.Parallelism;

    /// <summary>The job's typed options.</summary>
    public JobOptions JobOptions { get; }

    /// <summary>The job clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The session time zone (<c>table.local-time-zone</c>; UTC when unset), resolved once.</summary>
    public TimeZoneInfo SessionTimeZone => _sessionTimeZone ??= Execution.SessionTimeZone.Resolve(JobOptions.LocalTimeZone);

    private TimeZoneInfo? _sessionTimeZone;

    /// <summary>This subtask's timers.</summary>
    public ITimerService Timers { get; }

    /// <summary>Compiles the operator's expressions (once, in <see cref="StreamOperator.OpenAsync"/>).</summary>
    public IExpressionCompiler Expressions { get; }

    /// <summary>The operator's counters (shared by its subtasks).</summary>
    public OperatorMetrics Metrics { get; }

    /// <summary>Input schemas by input index (set by the runtime; empty for sources).</summary>
    public IReadOnlyList<Bsql.Planner.Types.RowSchema> InputSchemas { get; init; } = [];

    /// <summary>Input changelog modes by input index (whether an input carries retractions).</summary>
    public IReadOnlyList<Bsql.Planner.Physical.ChangelogMode> InputChangelogs { get; init; } = [];

    /// <summary>
    /// The job's own checkpoint folder (<c>&lt;state.checkpoints.dir&gt;/&lt;job-id&gt;</c>, or its slot's folder) when checkpointing is on, else null:
    /// files a restore needs (spill segments) go under it, and go with it when the job finishes or runs with <c>--fresh</c>.
    /// </summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>
    /// A new folder path for this subtask's spill files, named <c>&lt;kind&gt;-&lt;operator&gt;-&lt;subtask&gt;-&lt;guid&gt;</c>: under
    /// <paramref name="configured"/> when given, else under the checkpoint folder (the files a restore needs outlive a crash
    /// and go with the checkpoints), else under the temporary folder.
    /// </summary>
    public string NewSpillDirectory(string kind, string? configured)
    {
        var name = $"{kind}-{Operator.Id}-{SubtaskIndex}-{Guid.NewGuid():N}";
        if (configured is not null) return Path.Combine(configured, name);
        if (CheckpointFolder is { } checkpoints) return Path.Combine(checkpoints, "spill", name);
        return Path.Combine(Path.GetTempPath(), "bsql-spill", name);
    }

    /// <summary>Where print sinks write (the runner's output writer).</summary>
    public TextWriter? PrintOutput { get; init; }

    /// <summary>The job's dead-letter queue (null when the operator runs outside a job).</summary>
    public IDeadLetterQueue? DeadLetters { get; init; }

    /// <summary>
    /// A writer that sets rows shaped like <paramref name="schema"/> aside into the dead-letter table
    /// <paramref name="table"/>, with <c>kind</c> = <paramref name="kind"/> and <c>source_table</c> = <paramref name="source"/>
    /// (<see cref="DeadLetterColumns"/>). Call it in <see cref="StreamOperator.OpenAsync"/>.
    /// </summary>
    /// <exception cref="BsqlRuntimeException">The table is not a sink of the job (BSQL4102).</exception>
    public DeadLetterWriter OpenDeadLetters(string table, string kind, string source, Bsql.Planner.Types.RowSchema schema)
    {
        if (DeadLetters is null || !DeadLetters.Knows(table))
        {
            throw new BsqlRuntimeException(RuntimeErrors.UnknownDeadLetterTable,
                $"{Operator.Name}: dead-letter table '{table}' is not a sink of this job");
        }
        return new DeadLetterWriter(DeadLetters, table, kind, source, schema, Metrics);
    }
}
