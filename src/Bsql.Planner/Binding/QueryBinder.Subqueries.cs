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
    private static (S.ExistsExpr Exists, bool Negated)? ExistsOf(S.Expr conjunct) => conjunct switch
    {
        S.ExistsExpr e => (e, false),
        S.UnaryExpr { Operator: S.UnaryOperator.Not, Operand: S.ExistsExpr e } => (e, true),
        _ => null,
    };

    /// <summary>
    /// Takes the top-level <c>x [NOT] IN (SELECT k FROM ...)</c> and <c>[NOT] EXISTS (SELECT ...)</c> conjuncts out of a
    /// WHERE clause and turns each into a join with the subquery's distinct keys (EXISTS: <see cref="BindExists"/>): IN keeps the rows with a match (an inner join), NOT IN the rows without one (a
    /// left join keeping the NULL-padded rows, <c>x IS NOT NULL</c>). Both are regular joins, so the result is an update
    /// stream without time attributes, as in Flink. Returns the other conjuncts (null when none is left).
    /// </summary>
    private S.Expr? BindInSubqueries(S.Expr where, ref LogicalNode plan, ref Scope scope)
    {
        var conjuncts = new List<S.Expr>();
        SplitAnd(where, conjuncts);
        if (!conjuncts.Any(c => c is S.InSubqueryExpr || ExistsOf(c) is not null)) return where;
        S.Expr? rest = null;
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is S.InSubqueryExpr e)
            {
                (plan, scope) = BindInSubquery(e, plan, scope);
                continue;
            }
            if (ExistsOf(conjunct) is { } exists)
            {
                (plan, scope) = BindExists(exists.Exists, exists.Negated, plan, scope);
                continue;
            }
            rest = rest is null ? conjunct : new S.BinaryExpr(S.BinaryOperator.And, rest, conjunct, new S.NodeSpan(rest.Span.Start, conjunct.Span.End - rest.Span.Start));
        }
        return rest;
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

    /// <summary>
    /// <c>[NOT] EXISTS (SELECT ... FROM t WHERE t.k = outer.k AND ...)</c>, as Flink decorrelates it: the subquery's WHERE
    /// conjuncts that read only its own columns filter it, each <c>inner = outer</c> equality is a join key, and the outer
    /// rows join the distinct keys of the filtered subquery (EXISTS: an inner join; NOT EXISTS: a left join keeping the
    /// rows without a match, including rows whose key is NULL). The subquery's columns hide the outer query's columns of
    /// the same name, which stay reachable qualified. A subquery that is not a plain SELECT ... FROM ... WHERE (GROUP BY,
    /// aggregates, LIMIT, a WITH clause) cannot read the outer row; without correlation it is bound as it stands and
    /// joined on a constant key.
    /// </summary>
    private (LogicalNode Plan, Scope Scope) BindExists(S.ExistsExpr e, bool negated, LogicalNode plan, Scope scope)
    {
        var width = plan.Schema.Count;
        var outerKeys = new List<BoundExpr>();
        var innerKeys = new List<BoundExpr>();
        LogicalNode inner;
        if (e.Query is { Body: S.SelectBody select, With.Count: 0, OrderBy.Count: 0, Limit: null, Offset: null }
            && select.GroupBy.Count == 0 && select.Having is null && !select.Items.Any(i => SyntaxWalker.ContainsAggregate(i.Expr)))
        {
            var from = BindFrom(select);
            inner = from.Plan;
            var combined = Shadowed(scope, from.Scope).Concat(from.Scope);
            var innerFilters = new List<BoundExpr>();
            var conjuncts = new List<S.Expr>();
            if (select.Where is not null) SplitAnd(select.Where, conjuncts);
            foreach (var conjunct in conjuncts)
            {
                var bound = new ExpressionBinder(ctx, combined) { AggregatesForbiddenIn = "WHERE" }.BindCondition(conjunct, "WHERE");
                var used = Util.Columns.Used(bound);
                if (used.All(i => i >= width))
                {
                    innerFilters.Add(Util.Columns.Shift(bound, -width));
                    continue;
                }
                if (bound is Call { Function: "=", Args: [var a, var b] } && Side(a, width) is { } sa && Side(b, width) is { } sb && sa != sb)
                {
                    var (outerKey, innerKey) = sa == ExistsSide.Outer ? (a, b) : (b, a);
                    outerKeys.Add(outerKey);
                    innerKeys.Add(Util.Columns.Shift(innerKey, -width));
                    continue;
                }
                ctx.Report(Codes.Unsupported, conjunct.Span, "a correlated EXISTS subquery can only compare its columns with the outer row's by =",
                    "write conditions on the outer row in the outer WHERE, and correlate with equalities: EXISTS (SELECT 1 FROM t WHERE t.k = o.k AND t.x > 0)");
            }
            if (Util.Conjuncts.Combine(innerFilters) is { } filter) inner = new LogicalFilter(inner, filter);
        }
        else
        {
            inner = BindQuery(e.Query).Plan;
        }
        if (outerKeys.Count == 0)
        {
            // Uncorrelated: every outer row joins the one constant key when the subquery has a row.
            var constant = new Literal(true, SqlType.Boolean.WithNullable(false));
            outerKeys.Add(constant);
            innerKeys.Add(constant);
        }
        for (var k = 0; k < outerKeys.Count; k++)
        {
            if (!TypeRules.AreComparable(outerKeys[k].Type, innerKeys[k].Type) && outerKeys[k].Type.Kind != SqlTypeKind.Null && innerKeys[k].Type.Kind != SqlTypeKind.Null)
            {
                ctx.Report(Codes.TypeMismatch, e.Span, $"cannot compare {outerKeys[k].Type.WithoutTimeAttribute()} with {innerKeys[k].Type.WithoutTimeAttribute()} in EXISTS");
                return (plan, scope);
            }
        }
        // Outer row plus its key columns; the subquery's distinct keys.
        var outerFields = plan.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type)).Concat(outerKeys).ToList();
        var left = new LogicalProject(plan, [.. outerFields],
            Schemas.Unique(plan.Schema.Fields.Concat(outerKeys.Select((k, i) => new RowField("$exists_l" + i, k.Type)))));
        var keySchema = Schemas.WithoutTimeAttributes(new RowSchema([.. innerKeys.Select((k, i) => new RowField("$exists_r" + i, k.Type))]));
        var keys = new LogicalAggregate(new LogicalProject(inner, [.. innerKeys], keySchema), [.. Enumerable.Range(0, innerKeys.Count)],
            ImmutableArray<AggregateCall>.Empty, AggregatePhase.Single, keySchema, null);
        var leftSchema = Schemas.WithoutTimeAttributes(left.Schema);
        var rightSchema = negated ? Schemas.Nullable(keys.Schema) : keys.Schema;
        var output = Schemas.Unique(leftSchema.Fields.Concat(rightSchema.Fields));
        var binder = new ExpressionBinder(ctx, scope);
        var condition = Util.Conjuncts.Combine(Enumerable.Range(0, innerKeys.Count).Select(k => binder.Comparison("=",
            new InputRef(width + k, left.Schema[width + k].Type), new InputRef(left.Schema.Count + k, keys.Schema[k].Type), e)));
        LogicalNode joined = new LogicalJoin(left, keys, negated ? JoinType.Left : JoinType.Inner, condition, output, null, false, e.Span);
        if (negated)
        {
            // A match never has a NULL key (= is never true with NULL), so a NULL key column means no match.
            joined = new LogicalFilter(joined, new Call("IS NULL", [new InputRef(left.Schema.Count, rightSchema[0].Type)], SqlType.Boolean.WithNullable(false)));
        }
        var project = new LogicalProject(joined, [.. Enumerable.Range(0, width).Select(i => (BoundExpr)new InputRef(i, output[i].Type))],
            new RowSchema([.. Enumerable.Range(0, width).Select(i => output[i])]));
        return (project, StripScope(scope));
    }

    private enum ExistsSide { Outer, Inner }

    /// <summary>Which side of a correlated EXISTS an expression reads (null: both, or neither).</summary>
    private static ExistsSide? Side(BoundExpr expr, int width)
    {
        var used = Util.Columns.Used(expr);
        if (used.Count == 0) return null;
        if (used.All(i => i < width)) return ExistsSide.Outer;
        if (used.All(i => i >= width)) return ExistsSide.Inner;
        return null;
    }

    /// <summary>The outer query's columns as a subquery sees them: behind its own columns of the same name or table alias.</summary>
    private static Scope Shadowed(Scope outer, Scope inner)
    {
        var innerQualifiers = inner.Columns.Select(c => c.Qualifier).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var innerNames = inner.Columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new Scope([.. outer.Columns.Select(c =>
            c.Qualifier is not null && innerQualifiers.Contains(c.Qualifier) ? c with { Qualifier = null, Shadowed = true }
            : innerNames.Contains(c.Name) ? c with { Shadowed = true }
            : c)]) { Poisoned = outer.Poisoned };
    }

    private static void SplitAnd(S.Expr e, List<S.Expr> into)
    {
        if (e is S.BinaryExpr { Operator: S.BinaryOperator.And } and)
        {
            SplitAnd(and.Left, into);
            SplitAnd(and.Right, into);
        }
        else
        {
            into.Add(e);
        }
    }
}
