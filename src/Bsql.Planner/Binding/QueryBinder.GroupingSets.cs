using Bsql.Planner.Logical;
using Bsql.Planner.Types;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

internal sealed partial class QueryBinder
{
    private const int MaxGroupingSets = 64;

    /// <summary>
    /// <c>GROUP BY k, GROUPING SETS (...) | ROLLUP (...) | CUBE (...)</c>: one aggregation per grouping set (plain keys are in
    /// every set), in which the keys of the other sets read as NULL and <c>GROUPING(x)</c> as 1, combined by UNION ALL (what
    /// Flink computes with its Expand operator). Each branch is planned on its own, so a set over a window TVF that keeps
    /// window_start and window_end is still a window aggregation.
    /// </summary>
    private BoundRelation BindGroupingSets(LogicalNode plan, Scope scope, List<S.SelectItem> items, S.SelectBody select, int? skew)
    {
        var sets = new List<List<S.Expr>> { new() };
        foreach (var g in select.GroupBy)
        {
            var choices = g is S.GroupingSetsExpr grouping ? Expand(grouping) : [[g]];
            sets = [.. sets.SelectMany(prefix => choices.Select(choice => prefix.Concat(choice).Distinct().ToList()))];
            if (sets.Count > MaxGroupingSets)
            {
                ctx.Report(Codes.Unsupported, g.Span, $"expected at most {MaxGroupingSets} grouping sets, found {sets.Count}", "group by fewer CUBE elements");
                return BindAggregate(plan, scope, items, select with { GroupBy = [] }, skew, []);
            }
        }
        var allKeys = sets.SelectMany(s => s).Distinct().ToList();
        var branches = new List<BoundRelation>();
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            var grouped = select with { GroupBy = S.EquatableArray.Create([.. set]) };
            var nulled = allKeys.Where(k => !set.Contains(k)).ToList();
            // Every branch binds the same items: report their errors once.
            var branch = i == 0 ? BindAggregate(plan, scope, items, grouped, skew, nulled) : ctx.Muted(() => BindAggregate(plan, scope, items, grouped, skew, nulled));
            branches.Add(branch);
        }
        // Branches differ in nullability where a key is NULLed: widen each column to the common type.
        var types = Enumerable.Range(0, branches[0].Scope.Count)
            .Select(c => branches.Select(b => b.Plan.Schema[c].Type.WithoutTimeAttribute()).Aggregate((a, b) => TypeRules.CommonType(a, b) ?? a))
            .ToList();
        return branches.Count == 1 ? branches[0] : UnionAll(branches, types);
    }

    /// <summary>The grouping sets one GROUPING SETS / ROLLUP / CUBE element stands for.</summary>
    private static List<List<S.Expr>> Expand(S.GroupingSetsExpr grouping)
    {
        var elements = grouping.Elements.Select(e => e.ToList()).ToList();
        switch (grouping.Kind)
        {
            case S.GroupingKind.Rollup:
                return [.. Enumerable.Range(0, elements.Count + 1).Reverse().Select(n => elements.Take(n).SelectMany(e => e).ToList())];
            case S.GroupingKind.Cube:
            {
                var result = new List<List<S.Expr>>();
                var n = Math.Min(elements.Count, 16);
                for (var mask = (1 << n) - 1; mask >= 0; mask--)
                {
                    result.Add([.. elements.Where((_, i) => (mask & (1 << (n - 1 - i))) != 0).SelectMany(e => e)]);
                }
                return result;
            }
            default:
                return elements;
        }
    }
}
