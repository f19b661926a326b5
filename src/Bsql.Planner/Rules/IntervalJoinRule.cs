using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// A join whose condition bounds the right input's event time by the left's from both sides
/// (<c>r.ts BETWEEN l.ts - a AND l.ts + b</c>, or two comparisons) becomes an interval join: append-only output,
/// state expiring with the watermark. Time attributes of both inputs are kept in the output.
/// </summary>
public sealed class IntervalJoinRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "IntervalJoin";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalJoin { Delayed: null, Lookup: false } join || join.Condition is null) return false;
        var leftCount = join.Left.Schema.Count;
        bool IsRowtime(int i) => i < leftCount
            ? join.Left.Schema[i].Type.TimeAttribute == TimeAttribute.Rowtime
            : join.Right.Schema[i - leftCount].Type.TimeAttribute == TimeAttribute.Rowtime;
        long? lower = null, upper = null;
        int leftTime = -1, rightTime = -1;
        var used = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        foreach (var c in Conjuncts.Split(join.Condition))
        {
            if (c is not Call { Args.Length: 2 } cmp || cmp.Function is not ("<" or "<=" or ">" or ">=")) continue;
            if (Term(cmp.Args[0]) is not { } x || Term(cmp.Args[1]) is not { } y) continue;
            if (!IsRowtime(x.Column) || !IsRowtime(y.Column) || (x.Column < leftCount) == (y.Column < leftCount)) continue;
            var op = cmp.Function;
            // Normalise to: right.t - left.t  op  constant.
            if (x.Column < leftCount)
            {
                (x, y) = (y, x);
                op = op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" };
            }
            var l = y.Column;
            var r = x.Column - leftCount;
            if (leftTime >= 0 && (leftTime != l || rightTime != r)) continue;
            leftTime = l;
            rightTime = r;
            var bound = y.Offset - x.Offset;
            switch (op)
            {
                case ">=": lower = Math.Max(lower ?? long.MinValue, bound); break;
                case ">": lower = Math.Max(lower ?? long.MinValue, bound + 1); break;
                case "<=": upper = Math.Min(upper ?? long.MaxValue, bound); break;
                default: upper = Math.Min(upper ?? long.MaxValue, bound - 1); break;
            }
            used.Add(c);
        }
        if (lower is null || upper is null) return false;
        if (lower > upper)
        {
            context.Diagnostics.Add(Diagnostic.Error(PlannerDiagnosticCodes.InvalidIntervalBounds, join.Span,
                $"the interval join's time bounds are empty: right time - left time must be between {lower} ms and {upper} ms",
                "check the BETWEEN bounds: the lower bound must not exceed the upper bound", context.Source));
        }
        var (leftKeys, rightKeys, remainder) = JoinConditions.SplitKeys(join.Condition, leftCount, c => used.Contains(c));
        var rest = Conjuncts.Split(remainder).Where(c => !used.Contains(c));
        var left = join.Left.Schema;
        var right = join.Right.Schema;
        if (join.Type is JoinType.Right or JoinType.Full) left = Schemas.Nullable(left);
        if (join.Type is JoinType.Left or JoinType.Full) right = Schemas.Nullable(right);
        var output = Schemas.Unique(left.Fields.Concat(right.Fields));
        result = new LogicalIntervalJoin(join.Left, join.Right, join.Type, leftKeys, rightKeys, leftTime, rightTime, lower.Value, upper.Value,
            Conjuncts.Combine(rest), output);
        return true;
    }

    private sealed record TimeTerm(int Column, long Offset);

    private static TimeTerm? Term(BoundExpr e)
    {
        switch (e)
        {
            case InputRef r:
                return new TimeTerm(r.Index, 0);
            case Call { Function: "+" or "-", Args.Length: 2 } c when c.Args[1] is Literal { Value: long ms, Type.Kind: SqlTypeKind.IntervalDayTime }:
                return Term(c.Args[0]) is { } inner ? inner with { Offset = inner.Offset + (c.Function == "+" ? ms : -ms) } : null;
            default:
                return null;
        }
    }
}
