using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Which physical columns of a source the job reads, so a source can skip decoding the others (projection
/// pushdown, as Flink's JSON format does). Known only when the source's one consumer is a filter/projection
/// (<see cref="CalcSpec"/>): then the columns are those its expressions, the computed columns and the
/// watermark reference; otherwise every column is read.
/// </summary>
internal static class SourceColumns
{
    /// <summary>A flag per physical column (true: read), or null when every column is read.</summary>
    public static bool[]? Read(PhysicalPlan plan, PhysicalOperator source, SourceSpec spec)
    {
        var consumers = plan.OutputsOf(source.Id).ToList();
        if (consumers.Count != 1 || plan.Operator(consumers[0].Target).Spec is not CalcSpec calc) return null;
        var used = new HashSet<int>();
        var known = calc.Projections.All(p => Collect(p, used)) && (calc.Condition is null || Collect(calc.Condition, used))
            && spec.ComputedColumns.All(c => Collect(c, used));
        if (spec.Watermark is { } watermark)
        {
            used.Add(watermark.RowtimeIndex);
            known &= Collect(watermark.Expression, used);
        }
        if (!known) return null;
        var read = new bool[spec.PhysicalSchema.Count];
        foreach (var column in used)
        {
            if (column >= 0 && column < read.Length) read[column] = true;
        }
        return read.All(r => r) ? null : read;
    }

    /// <summary>Adds the columns <paramref name="expr"/> references; false for an expression kind it does not know.</summary>
    private static bool Collect(BoundExpr expr, HashSet<int> into)
    {
        switch (expr)
        {
            case InputRef r:
                into.Add(r.Index);
                return true;
            case Literal:
                return true;
            case Call c:
                return c.Args.All(a => Collect(a, into));
            case CastExpr c:
                return Collect(c.Operand, into);
            case FieldAccess f:
                return Collect(f.Row, into);
            case CaseExpr k:
                return k.Arms.All(a => Collect(a.When, into) && Collect(a.Then, into)) && (k.Else is null || Collect(k.Else, into));
            default:
                return false;
        }
    }
}
