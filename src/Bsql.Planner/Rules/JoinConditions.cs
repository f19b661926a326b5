using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>Splits a join condition into equi-join keys and the remaining predicate.</summary>
public static class JoinConditions
{
    /// <summary>
    /// The equalities <c>left.col = right.col</c> of <paramref name="condition"/> (over left ++ right, left having
    /// <paramref name="leftCount"/> columns) as key pairs (right keys relative to the right input), and the rest.
    /// </summary>
    public static (ImmutableArray<int> LeftKeys, ImmutableArray<int> RightKeys, BoundExpr? Remainder) SplitKeys(
        BoundExpr? condition, int leftCount, Func<BoundExpr, bool>? exclude = null)
    {
        var leftKeys = ImmutableArray.CreateBuilder<int>();
        var rightKeys = ImmutableArray.CreateBuilder<int>();
        var rest = new List<BoundExpr>();
        foreach (var c in Conjuncts.Split(condition))
        {
            if (exclude?.Invoke(c) == true) continue;
            if (c is Call { Function: "=" } eq && eq.Args[0] is InputRef a && eq.Args[1] is InputRef b
                && (a.Index < leftCount) != (b.Index < leftCount))
            {
                var (l, r) = a.Index < leftCount ? (a.Index, b.Index) : (b.Index, a.Index);
                leftKeys.Add(l);
                rightKeys.Add(r - leftCount);
            }
            else
            {
                rest.Add(c);
            }
        }
        return (leftKeys.ToImmutable(), rightKeys.ToImmutable(), Conjuncts.Combine(rest));
    }
}
