using System.Collections.Immutable;
using Bsql.Planner.Logical;

namespace Bsql.Planner.Rules;

/// <summary>
/// Applies rewrite rules to a fixpoint, phase by phase: first filter and projection pushdown, then the recognition of
/// special operators (window aggregate, interval/window/delayed/lookup joins, Top-N), then aggregation splitting, then
/// Calc merging.
/// </summary>
public static class Optimizer
{
    private const int MaxPasses = 64;

    /// <summary>The default rule phases.</summary>
    public static ImmutableArray<ImmutableArray<IRewriteRule>> DefaultPhases { get; } =
    [
        [new FilterMergeRule(), new PredicatePushdownRule(), new ProjectMergeRule(), new ProjectionPushdownRule()],
        [
            new TopNRule(), new WindowAggregateRule(), new WindowJoinRule(), new IntervalJoinRule(), new DelayedWindowJoinRule(),
            new LookupJoinRule(), new LookupMergeRule(), new ProjectMergeRule(),
        ],
        [new ApproxCountDistinctRule(), new DistinctSplitRule(), new TwoPhaseAggregateRule()],
        [new CalcMergeRule()],
    ];

    /// <summary>Optimizes one plan with <see cref="DefaultPhases"/>.</summary>
    public static LogicalNode Optimize(LogicalNode root, RuleContext context) => Optimize(root, context, DefaultPhases.Select(p => p.AsEnumerable()));

    /// <summary>Optimizes one plan with the given phases of rules.</summary>
    public static LogicalNode Optimize(LogicalNode root, RuleContext context, IEnumerable<IEnumerable<IRewriteRule>> phases)
    {
        foreach (var phase in phases)
        {
            var rules = phase.ToList();
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var changed = false;
                root = Rewrite(root, rules, context, ref changed, new Dictionary<LogicalNode, LogicalNode>(ReferenceEqualityComparer.Instance));
                if (!changed) break;
            }
        }
        return root;
    }

    private static LogicalNode Rewrite(LogicalNode node, List<IRewriteRule> rules, RuleContext context, ref bool changed, Dictionary<LogicalNode, LogicalNode> done)
    {
        if (done.TryGetValue(node, out var known)) return known;
        var original = node;
        var inputs = node.Inputs;
        if (!inputs.IsEmpty)
        {
            var rewritten = ImmutableArray.CreateBuilder<LogicalNode>(inputs.Length);
            var any = false;
            foreach (var input in inputs)
            {
                var r = Rewrite(input, rules, context, ref changed, done);
                any |= !ReferenceEquals(r, input);
                rewritten.Add(r);
            }
            if (any) node = node.WithInputs(rewritten.MoveToImmutable());
        }
        for (var guard = 0; guard < MaxPasses; guard++)
        {
            var fired = false;
            foreach (var rule in rules)
            {
                if (rule.TryRewrite(node, context, out var result))
                {
                    node = result;
                    changed = true;
                    fired = true;
                    break;
                }
            }
            if (!fired) break;
        }
        done[original] = node;
        return node;
    }
}
