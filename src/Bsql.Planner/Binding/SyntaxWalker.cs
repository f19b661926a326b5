using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>Enumerates sub-expressions of syntax expressions (not descending into subqueries).</summary>
internal static class SyntaxWalker
{
    public static IEnumerable<S.Expr> Children(S.Expr expr)
    {
        switch (expr)
        {
            case S.FieldAccessExpr f: yield return f.Target; break;
            case S.SubscriptExpr s: yield return s.Target; yield return s.Index; break;
            case S.UnaryExpr u: yield return u.Operand; break;
            case S.BinaryExpr b: yield return b.Left; yield return b.Right; break;
            case S.IsExpr i: yield return i.Operand; break;
            case S.BetweenExpr b: yield return b.Operand; yield return b.Low; yield return b.High; break;
            case S.InListExpr i:
                yield return i.Operand;
                foreach (var item in (IEnumerable<S.Expr>)i.Items) yield return item;
                break;
            case S.LikeExpr l:
                yield return l.Operand;
                yield return l.Pattern;
                if (l.Escape is not null) yield return l.Escape;
                break;
            case S.CaseExpr c:
                if (c.Operand is not null) yield return c.Operand;
                foreach (var w in (IEnumerable<S.WhenClause>)c.Whens) { yield return w.Condition; yield return w.Result; }
                if (c.Else is not null) yield return c.Else;
                break;
            case S.CastExpr c: yield return c.Operand; break;
            case S.ExtractExpr e: yield return e.Source; break;
            case S.FunctionCall f:
                foreach (var a in (IEnumerable<S.Expr>)f.Arguments) yield return a;
                if (f.Filter is not null) yield return f.Filter;
                break;
            case S.ArrayConstructor a:
                foreach (var item in (IEnumerable<S.Expr>)a.Items) yield return item;
                break;
            case S.MapConstructor m:
                foreach (var item in (IEnumerable<S.Expr>)m.Items) yield return item;
                break;
            case S.NamedArgument n: yield return n.Value; break;
            case S.TrimExpr t:
                yield return t.Source;
                if (t.Characters is not null) yield return t.Characters;
                break;
            case S.IsDistinctFromExpr d: yield return d.Left; yield return d.Right; break;
            case S.JsonValueExpr j:
                yield return j.Json;
                yield return j.Path;
                if (j.OnEmpty?.Default is { } onEmpty) yield return onEmpty;
                if (j.OnError?.Default is { } onError) yield return onError;
                break;
        }
    }

    /// <summary>True for a call of a built-in aggregate (without OVER).</summary>
    public static bool IsAggregateCall(S.Expr expr) =>
        expr is S.FunctionCall { Over: null } f && Functions.BuiltinFunctions.IsAggregate(f.Name.ToString());

    /// <summary>The outermost aggregate calls inside <paramref name="expr"/>, in order.</summary>
    public static void CollectAggregates(S.Expr expr, List<S.FunctionCall> into)
    {
        if (IsAggregateCall(expr))
        {
            into.Add((S.FunctionCall)expr);
            return;
        }
        foreach (var child in Children(expr)) CollectAggregates(child, into);
    }

    /// <summary>True when <paramref name="expr"/> contains an aggregate call.</summary>
    public static bool ContainsAggregate(S.Expr expr) => IsAggregateCall(expr) || Children(expr).Any(ContainsAggregate);

    /// <summary>The first <c>ROW_NUMBER() OVER (...)</c> call inside <paramref name="expr"/>, or null.</summary>
    public static S.FunctionCall? FindOver(S.Expr expr)
    {
        if (expr is S.FunctionCall { Over: not null } f) return f;
        foreach (var child in Children(expr))
        {
            if (FindOver(child) is { } found) return found;
        }
        return null;
    }
}
