using Bsql.Planner.Physical;
using Bsql.Runtime.Connectors;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Execution;

/// <summary>What every subtask of a job shares: registries, clock, compiler, counters.</summary>
internal sealed record JobServices(
    PhysicalPlan Plan,
    string JobId,
    TimeProvider Time,
    ConnectorRegistry Connectors,
    FormatRegistry Formats,
    IExpressionCompiler Expressions,
    JobMetrics Metrics,
    TextWriter PrintOutput,
    IDeadLetterQueue DeadLetters,
    int BatchSize);
