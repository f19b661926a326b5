using System.Globalization;
using System.Text;
using Bsql.Runtime.Metrics;

namespace Bsql.Cli.Progress;

/// <summary>The lines <c>bsql run</c> writes to standard error when a job ends: rows per operator, decode errors.</summary>
public static class JobSummary
{
    /// <summary>Renders the summary of <paramref name="metrics"/>.</summary>
    public static string Render(string jobId, JobMetrics metrics, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"job '{jobId}' finished in {elapsed.TotalSeconds:0.00} s\n");
        foreach (var op in metrics.Operators.Values.OrderBy(o => o.OperatorId))
        {
            text.Append(CultureInfo.InvariantCulture, $"  [{op.OperatorId,3}] {op.Name}: {op.RowsIn:N0} in, {op.RowsOut:N0} out");
            if (op.LateRowsDropped > 0) text.Append(CultureInfo.InvariantCulture, $", {op.LateRowsDropped:N0} late rows dropped");
            if (op.DeadLettered > 0) text.Append(CultureInfo.InvariantCulture, $", {op.DeadLettered:N0} dead-lettered");
            text.Append('\n');
        }
        foreach (var table in metrics.Formats.Values.OrderBy(f => f.Table, StringComparer.Ordinal))
        {
            if (table.Skipped == 0 && table.DeadLettered == 0) continue;
            text.Append(CultureInfo.InvariantCulture, $"  table {table.Table}: {table.Skipped:N0} bad records skipped, {table.DeadLettered:N0} dead-lettered\n");
        }
        return text.ToString();
    }
}
