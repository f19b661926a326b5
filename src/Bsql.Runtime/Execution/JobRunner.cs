using Bsql.Planner.Physical;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Runs a <see cref="PhysicalPlan"/>: builds its subtasks, chains and connects them, runs them until
/// every source has ended (bounded) or <c>cancellationToken</c> is cancelled, and reports.
/// User errors surface as <see cref="BsqlRuntimeException"/> (a BSQL4xxx code and message).
/// </summary>
public static class JobRunner
{
    /// <summary>Runs <paramref name="plan"/> to completion.</summary>
    /// <remarks>
    /// A plan with <c>scale-out.enabled</c> (and no <see cref="JobRunOptions.Slot"/>) runs as one worker of the job:
    /// it runs the slots the job's consumer group gives it until cancelled (<see cref="ScaleOut.ScaleOutWorker"/>).
    /// </remarks>
    public static Task<JobResult> RunAsync(PhysicalPlan plan, JobRunOptions options, CancellationToken cancellationToken)
        => plan.Options.ScaleOut && options.Slot is null
            ? new ScaleOut.ScaleOutWorker(plan, options).RunAsync(cancellationToken)
            : new JobGraph(plan, options).RunAsync(cancellationToken);
}
