using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary><c>Filter(a, Filter(b, x))</c> → <c>Filter(b AND a, x)</c>.</summary>
public sealed class FilterMergeRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "FilterMerge";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalFilter { Source: LogicalFilter inner } outer) return false;
        result = new LogicalFilter(inner.Source, Conjuncts.Combine(inner.Condition, outer.Condition)!);
        return true;
    }
}
