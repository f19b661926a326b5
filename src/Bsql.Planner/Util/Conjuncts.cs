using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Util;

/// <summary>Splitting conditions into AND-ed parts and joining them back.</summary>
internal static class Conjuncts
{
    public static List<BoundExpr> Split(BoundExpr? condition)
    {
        var result = new List<BoundExpr>();
        void Walk(BoundExpr e)
        {
            if (e is Call { Function: "AND" } and) foreach (var a in and.Args) Walk(a);
            else result.Add(e);
        }
        if (condition is not null) Walk(condition);
        return result;
    }

    public static BoundExpr? Combine(IEnumerable<BoundExpr> parts)
    {
        BoundExpr? result = null;
        foreach (var part in parts)
        {
            result = result is null ? part : new Call("AND", [result, part], SqlType.Boolean.WithNullable(result.Type.Nullable || part.Type.Nullable));
        }
        return result;
    }

    public static BoundExpr? Combine(BoundExpr? a, BoundExpr? b) => Combine(new[] { a, b }.OfType<BoundExpr>());
}
