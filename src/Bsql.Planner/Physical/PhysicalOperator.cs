using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// One operator of the DAG: what it does (<see cref="Spec"/>), the rows it emits
/// (<see cref="Output"/>, <see cref="Changelog"/>) and how many parallel subtasks run it.
/// </summary>
/// <param name="Id">Unique within the plan; edges refer to it.</param>
/// <param name="Name">A one-line description for EXPLAIN, metrics and logs, e.g. <c>Calc(where=[price &gt; 10])</c>.</param>
/// <param name="Spec">The typed configuration.</param>
/// <param name="Output">The schema of emitted rows.</param>
/// <param name="Changelog">Whether emitted rows are inserts only or also updates and deletes.</param>
/// <param name="Parallelism">Number of subtasks.</param>
public sealed record PhysicalOperator(int Id, string Name, OperatorSpec Spec, RowSchema Output, ChangelogMode Changelog, int Parallelism);
