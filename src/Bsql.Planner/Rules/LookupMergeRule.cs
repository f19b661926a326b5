using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// Two consecutive lookups of the same table with the same keys (and no residual condition) are one lookup:
/// the second's columns are copies of the first's.
/// </summary>
public sealed class LookupMergeRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "LookupMerge";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalLookupJoin { Source: LogicalLookupJoin inner } outer) return false;
        if (outer.Condition is not null || inner.Condition is not null || outer.Type != inner.Type) return false;
        if (!string.Equals(outer.Dimension.Table.Name, inner.Dimension.Table.Name, StringComparison.OrdinalIgnoreCase)) return false;
        if (!outer.KeyColumns.SequenceEqual(inner.KeyColumns)) return false;
        var n = inner.Source.Schema.Count;
        if (!outer.KeyExpressions.Select((e, i) => Columns.Max(e) < n && e.Equals(inner.KeyExpressions[i])).All(b => b)) return false;
        var d = inner.Dimension.Schema.Count;
        var exprs = Enumerable.Range(0, n + d).Concat(Enumerable.Range(n, d))
            .Select(i => (BoundExpr)new InputRef(i, inner.Schema[i].Type)).ToImmutableArray();
        result = new LogicalProject(inner, exprs, outer.Output);
        return true;
    }
}
