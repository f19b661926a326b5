using Bsql.Planner.Physical;

namespace Bsql.Runtime.Execution;

/// <summary>The subtasks of one job run, wired together.</summary>
internal sealed class JobGraph
{
    private readonly PhysicalPlan _plan;
    private readonly JobRunOptions _options;

    public JobGraph(PhysicalPlan plan, JobRunOptions options)
    {
        _plan = plan;
        _options = options;
    }

    public Task<JobResult> RunAsync(CancellationToken cancellationToken)
    {
        _ = _plan;
        _ = _options;
        throw new NotImplementedException("execution lands in the next commit");
    }
}
