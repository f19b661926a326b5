using Bsql.Planner.Physical;

namespace Bsql.Cli.Jobs;

/// <summary>A job ready to run: its plan and the folder relative paths in it resolve against.</summary>
/// <param name="Plan">The physical plan, with relative <c>filesystem</c> paths made absolute.</param>
/// <param name="BaseDirectory">The folder of the job file.</param>
public sealed record LoadedJob(PhysicalPlan Plan, string BaseDirectory);
