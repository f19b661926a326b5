using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// A join of two window aggregates' outputs on equal <c>window_start</c> and <c>window_end</c> (same windows on both
/// sides) becomes a window join: rows join within their window and state is freed when it closes.
/// </summary>
public sealed class WindowJoinRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "WindowJoin";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalJoin { Delayed: null, Lookup: false } join || join.Condition is null) return false;
        var leftCount = join.Left.Schema.Count;
        int? ls = null, le = null, rs = null, re = null;
        WindowSpec? leftWindow = null, rightWindow = null;
        var windowConjuncts = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        foreach (var c in Conjuncts.Split(join.Condition))
        {
            if (c is not Call { Function: "=" } eq || eq.Args[0] is not InputRef a || eq.Args[1] is not InputRef b) continue;
            if ((a.Index < leftCount) == (b.Index < leftCount)) continue;
            var (l, r) = a.Index < leftCount ? (a.Index, b.Index - leftCount) : (b.Index, a.Index - leftCount);
            if (ColumnOrigin.WindowProperty(join.Left, l) is not { } lp || ColumnOrigin.WindowProperty(join.Right, r) is not { } rp) continue;
            if (lp.Property != rp.Property) continue;
            leftWindow = ColumnOrigin.RootWindow(lp.Aggregate);
            rightWindow = ColumnOrigin.RootWindow(rp.Aggregate);
            if (lp.Property == WindowProperty.Start) { ls = l; rs = r; windowConjuncts.Add(c); }
            else if (lp.Property == WindowProperty.End) { le = l; re = r; windowConjuncts.Add(c); }
        }
        if (ls is null || le is null || rs is null || re is null || !Equals(leftWindow, rightWindow)) return false;
        var (leftKeys, rightKeys, remainder) = JoinConditions.SplitKeys(join.Condition, leftCount, c => windowConjuncts.Contains(c));
        result = new LogicalWindowJoin(join.Left, join.Right, join.Type, leftKeys, rightKeys, ls.Value, le.Value, rs.Value, re.Value, remainder, join.Output);
        return true;
    }
}
