using System.Collections.Immutable;
using Bsql.Planner.Expressions;

namespace Bsql.Planner.Util;

/// <summary>Inspecting and rewriting the input columns an expression references.</summary>
internal static class Columns
{
    /// <summary>The largest referenced input column, or -1.</summary>
    public static int Max(BoundExpr expr) => Used(expr).DefaultIfEmpty(-1).Max();

    /// <summary>The smallest referenced input column, or <see cref="int.MaxValue"/>.</summary>
    public static int Min(BoundExpr expr) => Used(expr).DefaultIfEmpty(int.MaxValue).Min();

    /// <summary>Every referenced input column.</summary>
    public static HashSet<int> Used(BoundExpr expr)
    {
        var set = new HashSet<int>();
        Collect(expr, set);
        return set;
    }

    public static void Collect(BoundExpr expr, HashSet<int> into)
    {
        switch (expr)
        {
            case InputRef r: into.Add(r.Index); break;
            case Call c: foreach (var a in c.Args) Collect(a, into); break;
            case CastExpr c: Collect(c.Operand, into); break;
            case FieldAccess f: Collect(f.Row, into); break;
            case CaseExpr k:
                foreach (var arm in k.Arms) { Collect(arm.When, into); Collect(arm.Then, into); }
                if (k.Else is not null) Collect(k.Else, into);
                break;
        }
    }

    /// <summary>The expression with every input reference replaced by <paramref name="replace"/>'s result.</summary>
    public static BoundExpr Replace(BoundExpr expr, Func<InputRef, BoundExpr> replace) => expr switch
    {
        InputRef r => replace(r),
        Call c => c with { Args = [.. c.Args.Select(a => Replace(a, replace))] },
        CastExpr c => c with { Operand = Replace(c.Operand, replace) },
        FieldAccess f => f with { Row = Replace(f.Row, replace) },
        CaseExpr k => k with
        {
            Arms = [.. k.Arms.Select(a => new CaseArm(Replace(a.When, replace), Replace(a.Then, replace)))],
            Else = k.Else is null ? null : Replace(k.Else, replace),
        },
        _ => expr,
    };

    /// <summary>The expression with input column i renumbered to <paramref name="map"/>(i).</summary>
    public static BoundExpr Remap(BoundExpr expr, Func<int, int> map) => Replace(expr, r => r with { Index = map(r.Index) });

    /// <summary>The expression with every input column shifted by <paramref name="delta"/>.</summary>
    public static BoundExpr Shift(BoundExpr expr, int delta) => delta == 0 ? expr : Remap(expr, i => i + delta);

    /// <summary>The expression over a projection's input: references to the projection's outputs are inlined.</summary>
    public static BoundExpr Inline(BoundExpr expr, ImmutableArray<BoundExpr> projections) => Replace(expr, r => projections[r.Index]);

    /// <summary>True when the expression is deterministic (no RAND, UUID, clock reads).</summary>
    public static bool IsDeterministic(BoundExpr expr) => expr switch
    {
        Call c when c.Function is "RAND" or "RAND_INTEGER" or "UUID" or "NOW" or "CURRENT_TIMESTAMP" or "PROCTIME" or "CURRENT_ROW_TIMESTAMP" or "LOCALTIMESTAMP" => false,
        Call c => c.Args.All(IsDeterministic),
        CastExpr c => IsDeterministic(c.Operand),
        FieldAccess f => IsDeterministic(f.Row),
        CaseExpr k => k.Arms.All(a => IsDeterministic(a.When) && IsDeterministic(a.Then)) && (k.Else is null || IsDeterministic(k.Else)),
        _ => true,
    };
}
