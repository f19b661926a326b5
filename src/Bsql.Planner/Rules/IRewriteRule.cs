using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Logical;

namespace Bsql.Planner.Rules;

/// <summary>One rewrite of the logical plan, applied by <see cref="Optimizer"/> to a fixpoint.</summary>
public interface IRewriteRule
{
    /// <summary>The rule's name (for tracing and tests).</summary>
    string Name { get; }

    /// <summary>Rewrites <paramref name="node"/> (its inputs are already rewritten) when the rule applies.</summary>
    bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result);
}
