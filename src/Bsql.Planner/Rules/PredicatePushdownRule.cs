using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// Moves filters toward the sources: below projections (inlining them), into and below joins (the side a conjunct
/// references; mixed conjuncts of inner joins join the ON condition), below window table functions (when no window
/// column is used), below UNNEST (conjuncts on the expanded row's own columns), into every input of a UNION ALL, and below aggregations (conjuncts on group keys only).
/// </summary>
public sealed class PredicatePushdownRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "PredicatePushdown";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalFilter filter) return false;
        switch (filter.Source)
        {
            case LogicalProject project:
            {
                var used = Columns.Used(filter.Condition);
                if (used.Any(i => !Columns.IsDeterministic(project.Projections[i]))) return false;
                var pushed = Columns.Inline(filter.Condition, project.Projections);
                result = project with { Source = new LogicalFilter(project.Source, pushed) };
                return true;
            }
            case LogicalJoin join:
                return PushIntoJoin(filter, join, out result);
            case LogicalWindowTableFunction tvf:
            {
                var n = tvf.Source.Schema.Count;
                var (below, above) = Partition(filter.Condition, c => Columns.Max(c) < n);
                if (below.Count == 0) return false;
                LogicalNode pushedTvf = tvf with { Source = new LogicalFilter(tvf.Source, Conjuncts.Combine(below)!) };
                result = above.Count == 0 ? pushedTvf : new LogicalFilter(pushedTvf, Conjuncts.Combine(above)!);
                return true;
            }
            case LogicalUnnest unnest:
            {
                // A conjunct on the input row's columns holds for all its expanded rows (outer padding included).
                var n = unnest.Source.Schema.Count;
                var (below, above) = Partition(filter.Condition, c => Columns.Max(c) < n && Columns.IsDeterministic(c));
                if (below.Count == 0) return false;
                LogicalNode pushedUnnest = unnest with { Source = new LogicalFilter(unnest.Source, Conjuncts.Combine(below)!) };
                result = above.Count == 0 ? pushedUnnest : new LogicalFilter(pushedUnnest, Conjuncts.Combine(above)!);
                return true;
            }
            case LogicalUnion union:
                result = union with { Sources = [.. union.Sources.Select(s => (LogicalNode)new LogicalFilter(s, filter.Condition))] };
                return true;
            case LogicalAggregate aggregate when aggregate.Phase == AggregatePhase.Single && !aggregate.GroupKeys.IsEmpty:
            {
                var keyCount = aggregate.GroupKeys.Length;
                var (below, above) = Partition(filter.Condition, c => Columns.Max(c) < keyCount && Columns.IsDeterministic(c));
                if (below.Count == 0) return false;
                var remapped = below.Select(c => Columns.Remap(c, i => aggregate.GroupKeys[i]));
                LogicalNode pushedAggregate = aggregate with { Source = new LogicalFilter(aggregate.Source, Conjuncts.Combine(remapped)!) };
                result = above.Count == 0 ? pushedAggregate : new LogicalFilter(pushedAggregate, Conjuncts.Combine(above)!);
                return true;
            }
            default:
                return false;
        }
    }

    private static (List<BoundExpr> Yes, List<BoundExpr> No) Partition(BoundExpr condition, Func<BoundExpr, bool> predicate)
    {
        var yes = new List<BoundExpr>();
        var no = new List<BoundExpr>();
        foreach (var c in Conjuncts.Split(condition)) (predicate(c) ? yes : no).Add(c);
        return (yes, no);
    }

    private static bool PushIntoJoin(LogicalFilter filter, LogicalJoin join, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        var leftCount = join.Left.Schema.Count;
        var toLeft = new List<BoundExpr>();
        var toRight = new List<BoundExpr>();
        var toCondition = new List<BoundExpr>();
        var stay = new List<BoundExpr>();
        // Which sides may take a filter without changing outer-join padding.
        var leftOpen = join.Type is JoinType.Inner or JoinType.Left;
        var rightOpen = join.Type is JoinType.Inner or JoinType.Right && !join.Lookup;
        foreach (var c in Conjuncts.Split(filter.Condition))
        {
            var used = Columns.Used(c);
            if (!Columns.IsDeterministic(c)) stay.Add(c);
            else if (used.Count > 0 && used.All(i => i < leftCount) && leftOpen) toLeft.Add(c);
            else if (used.Count > 0 && used.All(i => i >= leftCount) && rightOpen) toRight.Add(c);
            else if (join.Type == JoinType.Inner && join.Delayed is null && !join.Lookup) toCondition.Add(c);
            else stay.Add(c);
        }
        if (toLeft.Count + toRight.Count + toCondition.Count == 0) return false;
        var left = toLeft.Count == 0 ? join.Left : new LogicalFilter(join.Left, Conjuncts.Combine(toLeft)!);
        var right = toRight.Count == 0 ? join.Right : new LogicalFilter(join.Right, Conjuncts.Combine(toRight.Select(c => Columns.Shift(c, -leftCount)))!);
        LogicalNode pushed = join with { Left = left, Right = right, Condition = Conjuncts.Combine(join.Condition, Conjuncts.Combine(toCondition)) };
        result = stay.Count == 0 ? pushed : new LogicalFilter(pushed, Conjuncts.Combine(stay)!);
        return true;
    }
}
