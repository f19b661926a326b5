using System.Collections.Concurrent;

namespace Bsql.Runtime.Metrics;

/// <summary>
/// Every counter of a running job. Create one, pass it in <see cref="Execution.JobRunOptions.Metrics"/>,
/// and read it from another thread while the job runs (a progress display).
/// </summary>
public sealed class JobMetrics
{
    private readonly ConcurrentDictionary<int, OperatorMetrics> _operators = new();
    private readonly ConcurrentDictionary<string, FormatMetrics> _formats = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-operator counters, by operator id.</summary>
    public IReadOnlyDictionary<int, OperatorMetrics> Operators => _operators;

    /// <summary>Per-source-table decode-error counters, by table name.</summary>
    public IReadOnlyDictionary<string, FormatMetrics> Formats => _formats;

    /// <summary>The counters of operator <paramref name="id"/> (created on first use).</summary>
    public OperatorMetrics ForOperator(int id, string name) => _operators.GetOrAdd(id, static (i, n) => new OperatorMetrics(i, n), name);

    /// <summary>The decode-error counters of table <paramref name="table"/> (created on first use).</summary>
    public FormatMetrics ForTable(string table) => _formats.GetOrAdd(table, static t => new FormatMetrics(t));
}
