using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// <c>WHERE rn &lt;= N</c> (or <c>rn &lt; N</c>, <c>rn = 1</c>) over <c>ROW_NUMBER() OVER (...) AS rn</c> becomes a
/// Top-N (rank) operator keeping N rows per partition. When the partition includes a window aggregate's
/// <c>window_end</c>, it is a window Top-N that emits once per window.
/// </summary>
public sealed class TopNRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "TopN";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalFilter filter) return false;
        var conjuncts = Conjuncts.Split(filter.Condition);
        for (var k = 0; k < conjuncts.Count; k++)
        {
            if (conjuncts[k] is not Call { Args.Length: 2 } cmp || cmp.Args[0] is not InputRef column) continue;
            if (cmp.Args[1] is not Literal { Value: { } value } || !long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var bound)) continue;
            long? limit = cmp.Function switch { "<=" => bound, "<" => bound - 1, "=" when bound == 1 => 1, _ => null };
            if (limit is not { } n || n < 1) continue;
            var (origin, index) = ColumnOrigin.Trace(filter.Source, column.Index);
            if (origin is not LogicalRank { Limit: null, OutputRank: true } rank || index != rank.RankIndex) continue;
            int? windowEnd = null;
            foreach (var key in rank.PartitionKeys)
            {
                if (ColumnOrigin.WindowProperty(rank.Source, key) is { Property: WindowProperty.End }) windowEnd = key;
            }
            var limited = rank with { Limit = n, WindowEndIndex = windowEnd };
            var source = Replace(filter.Source, rank, limited);
            var rest = conjuncts.Where((_, i) => i != k).ToList();
            result = rest.Count == 0 ? source : new LogicalFilter(source, Conjuncts.Combine(rest)!);
            return true;
        }
        return false;
    }

    private static LogicalNode Replace(LogicalNode node, LogicalNode target, LogicalNode replacement)
    {
        if (ReferenceEquals(node, target)) return replacement;
        return node.WithInputs([.. node.Inputs.Select(i => Replace(i, target, replacement))]);
    }
}
