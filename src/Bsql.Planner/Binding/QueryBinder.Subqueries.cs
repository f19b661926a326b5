using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

internal sealed partial class QueryBinder
{
    /// <summary>
    /// Takes the top-level <c>x [NOT] IN (SELECT k FROM ...)</c> conjuncts out of a WHERE clause and turns each into a join
    /// with the subquery's distinct keys: IN keeps the rows with a match (an inner join), NOT IN the rows without one (a
    /// left join keeping the NULL-padded rows, <c>x IS NOT NULL</c>). Both are regular joins, so the result is an update
    /// stream without time attributes, as in Flink. Returns the other conjuncts (null when none is left).
    /// </summary>
    private S.Expr? BindInSubqueries(S.Expr where, ref LogicalNode plan, ref Scope scope)
    {
        var conjuncts = new List<S.Expr>();
        Split(where, conjuncts);
        if (!conjuncts.Any(c => c is S.InSubqueryExpr)) return where;
        S.Expr? rest = null;
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is S.InSubqueryExpr e)
            {
                (plan, scope) = BindInSubquery(e, plan, scope);
                continue;
            }
            rest = rest is null ? conjunct : new S.BinaryExpr(S.BinaryOperator.And, rest, conjunct, new S.NodeSpan(rest.Span.Start, conjunct.Span.End - rest.Span.Start));
        }
        return rest;

        static void Split(S.Expr e, List<S.Expr> into)
        {
            if (e is S.BinaryExpr { Operator: S.BinaryOperator.And } and)
            {
                Split(and.Left, into);
                Split(and.Right, into);
            }
            else
            {
                into.Add(e);
            }
        }
    }

    private (LogicalNode Plan, Scope Scope) BindInSubquery(S.InSubqueryExpr e, LogicalNode plan, Scope scope)
    {
        var operand = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "WHERE" }.Bind(e.Operand);
        var sub = BindQuery(e.Query);
        if (sub.Scope.Count != 1)
        {
            ctx.Report(Codes.Unsupported, e.Query.Span, $"expected a subquery of one column after IN, found {sub.Scope.Count} columns", "select only the key: x IN (SELECT k FROM ...)");
            return (plan, scope);
        }
        var keyType = sub.Plan.Schema[0].Type.WithoutTimeAttribute();
        if (!TypeRules.AreComparable(operand.Type, keyType) && operand.Type.Kind != SqlTypeKind.Null)
        {
            ctx.Report(Codes.TypeMismatch, e.Span, $"cannot compare {operand.Type.WithoutTimeAttribute()} with the subquery's {keyType}");
            return (plan, scope);
        }
        var width = plan.Schema.Count;
        // The operand as a column of the left input (computed when it is an expression).
        var left = plan;
        var operandIndex = operand is InputRef r ? r.Index : width;
        if (operand is not InputRef)
        {
            left = new LogicalProject(plan, [.. plan.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type)), operand],
                Schemas.Unique(plan.Schema.Fields.Append(new RowField("$in", operand.Type))));
        }
        var keys = new LogicalAggregate(sub.Plan, [0], ImmutableArray<AggregateCall>.Empty, AggregatePhase.Single, Schemas.WithoutTimeAttributes(sub.Plan.Schema), null);
        var leftSchema = Schemas.WithoutTimeAttributes(left.Schema);
        var rightSchema = e.Negated ? Schemas.Nullable(keys.Schema) : keys.Schema;
        var output = Schemas.Unique(leftSchema.Fields.Concat(rightSchema.Fields));
        var leftKey = new InputRef(operandIndex, left.Schema[operandIndex].Type);
        var rightKey = new InputRef(left.Schema.Count, keys.Schema[0].Type);
        var condition = new ExpressionBinder(ctx, scope).Comparison("=", leftKey, rightKey, e);
        LogicalNode joined = new LogicalJoin(left, keys, e.Negated ? JoinType.Left : JoinType.Inner, condition, output, null, false, e.Span);
        if (e.Negated)
        {
            var padded = new Call("IS NULL", [new InputRef(left.Schema.Count, rightSchema[0].Type)], SqlType.Boolean.WithNullable(false));
            var present = new Call("IS NOT NULL", [new InputRef(operandIndex, output[operandIndex].Type)], SqlType.Boolean.WithNullable(false));
            joined = new LogicalFilter(joined, new Call("AND", [padded, present], SqlType.Boolean.WithNullable(false)));
        }
        var project = new LogicalProject(joined, [.. Enumerable.Range(0, width).Select(i => (BoundExpr)new InputRef(i, output[i].Type))],
            new RowSchema([.. Enumerable.Range(0, width).Select(i => output[i])]));
        return (project, StripScope(scope));
    }
}
