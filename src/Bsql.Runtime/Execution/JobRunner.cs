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
    public static Task<JobResult> RunAsync(PhysicalPlan plan, JobRunOptions options, CancellationToken cancellationToken)
        => new JobGraph(plan, options).RunAsync(cancellationToken);
}
