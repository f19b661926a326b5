using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// A join <c>FOR SYSTEM_TIME AS OF</c> a dimension table becomes a lookup join: each equality
/// <c>dim.col = expression over the stream</c> is a lookup key, the rest a residual condition.
/// </summary>
public sealed class LookupJoinRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "LookupJoin";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalJoin { Lookup: true } join) return false;
        LogicalScan scan;
        int[] toScan;
        switch (join.Right)
        {
            case LogicalScan s:
                scan = s;
                toScan = [.. Enumerable.Range(0, s.Schema.Count)];
                break;
            case LogicalProject { Source: LogicalScan s } p when p.Projections.All(e => e is InputRef):
                scan = s;
                toScan = [.. p.Projections.Select(e => ((InputRef)e).Index)];
                break;
            default:
                return false;
        }
        var n = join.Left.Schema.Count;
        // Columns of the join's right side, renumbered to the dimension table's own order.
        BoundExpr ToLookupRow(BoundExpr e) => Columns.Remap(e, i => i < n ? i : n + toScan[i - n]);
        var keyColumns = ImmutableArray.CreateBuilder<int>();
        var keyExprs = ImmutableArray.CreateBuilder<BoundExpr>();
        var rest = new List<BoundExpr>();
        foreach (var c in Conjuncts.Split(join.Condition))
        {
            if (c is Call { Function: "=" } eq)
            {
                if (eq.Args[0] is InputRef a && a.Index >= n && Columns.Max(eq.Args[1]) < n && Columns.Used(eq.Args[1]).Count > 0 && !keyColumns.Contains(toScan[a.Index - n]))
                {
                    keyColumns.Add(toScan[a.Index - n]);
                    keyExprs.Add(eq.Args[1]);
                    continue;
                }
                if (eq.Args[1] is InputRef b && b.Index >= n && Columns.Max(eq.Args[0]) < n && Columns.Used(eq.Args[0]).Count > 0 && !keyColumns.Contains(toScan[b.Index - n]))
                {
                    keyColumns.Add(toScan[b.Index - n]);
                    keyExprs.Add(eq.Args[0]);
                    continue;
                }
            }
            rest.Add(ToLookupRow(c));
        }
        if (keyColumns.Count == 0) return false;
        var dimension = Binding.Schemas.WithoutTimeAttributes(scan.Schema);
        if (join.Type == Physical.JoinType.Left) dimension = Binding.Schemas.Nullable(dimension);
        var output = Binding.Schemas.Unique(join.Left.Schema.Fields.Concat(dimension.Fields));
        var lookup = new LogicalLookupJoin(join.Left, scan, join.Type, keyColumns.ToImmutable(), keyExprs.ToImmutable(), Conjuncts.Combine(rest), output);
        if (toScan.Select((s, i) => s == i).All(b => b) && toScan.Length == scan.Schema.Count)
        {
            result = lookup;
            return true;
        }
        // Restore the declared column order of the dimension table.
        var reorder = Enumerable.Range(0, n).Concat(toScan.Select(s => n + s))
            .Select(i => (BoundExpr)new InputRef(i, output[i].Type)).ToImmutableArray();
        result = new LogicalProject(lookup, reorder, join.Output);
        return true;
    }
}
