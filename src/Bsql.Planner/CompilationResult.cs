using System.Collections.Immutable;
using Bsql.Parser;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;

namespace Bsql.Planner;

/// <summary>Everything a compilation produced: diagnostics and each stage's result (null where a stage did not run).</summary>
/// <param name="Diagnostics">Every diagnostic of every stage (parser, catalog files, binder, planner), in order.</param>
/// <param name="Parse">The parse result (for a JSON descriptor: the script it was turned into).</param>
/// <param name="Bound">The bound job, or null.</param>
/// <param name="Logical">The logical plan of each sink before optimization.</param>
/// <param name="Optimized">The logical plan of each sink after optimization.</param>
/// <param name="Plan">The physical plan, or null when there were errors.</param>
public sealed record CompilationResult(
    ImmutableArray<Diagnostic> Diagnostics,
    ParseResult? Parse,
    BoundJob? Bound,
    ImmutableArray<LogicalSink> Logical,
    ImmutableArray<LogicalNode> Optimized,
    PhysicalPlan? Plan)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
