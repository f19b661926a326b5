using System.Collections.Immutable;
using System.Globalization;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Expressions;
using Bsql.Planner.Functions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>Binds queries and FROM items into logical plans.</summary>
internal sealed partial class QueryBinder(BindContext ctx)
{
    private static readonly SqlType WindowBound = SqlType.Timestamp(3).WithNullable(false);

    public BoundRelation BindQuery(S.Query query)
    {
        var ctes = new Dictionary<string, S.CommonTableExpr>(StringComparer.OrdinalIgnoreCase);
        foreach (var cte in query.With) ctes[cte.Name.Value] = cte;
        ctx.Ctes.Add(ctes);
        try
        {
            if (query.OrderBy.Count > 0)
            {
                ctx.Report(Codes.Unsupported, query.OrderBy[0].Span, "ORDER BY on a streaming query is not supported yet",
                    "use ROW_NUMBER() OVER (ORDER BY ...) with a filter rn <= N for a Top-N");
            }
            else if (query.Limit is not null)
            {
                ctx.Report(Codes.Unsupported, query.Limit.Span, "LIMIT on a streaming query is not supported yet");
            }
            return BindBody(query.Body);
        }
        finally
        {
            ctx.Ctes.RemoveAt(ctx.Ctes.Count - 1);
        }
    }

    private BoundRelation BindBody(S.QueryBody body) => body switch
    {
        S.SelectBody s => BindSelect(s),
        S.NestedQueryBody n => BindQuery(n.Query),
        S.SetOperationBody op => BindSetOperation(op),
        _ => Fail(body.Span, "VALUES is not supported yet"),
    };

    private BoundRelation Fail(SourceSpan span, string message, string? help = null)
    {
        ctx.Report(Codes.Unsupported, span, message, help);
        return Empty();
    }

    private static BoundRelation Empty() =>
        new(new LogicalProject(new LogicalUnion(ImmutableArray<LogicalNode>.Empty, RowSchema.Empty), [], RowSchema.Empty), new Scope([]) { Poisoned = true });

    private BoundRelation BindSetOperation(S.SetOperationBody op)
    {
        if (op.Operator != S.SetOperator.Union)
        {
            return Fail(op.Span, $"{op.Operator.ToString().ToUpperInvariant()} is not supported yet");
        }
        var left = BindBody(op.Left);
        var right = BindBody(op.Right);
        if (left.Scope.Count != right.Scope.Count)
        {
            ctx.Report(Codes.UnionMismatch, op.Span, $"expected UNION inputs with the same number of columns, found {left.Scope.Count} and {right.Scope.Count}");
            return left;
        }
        var types = new List<SqlType>();
        for (var i = 0; i < left.Scope.Count; i++)
        {
            var common = TypeRules.CommonType(left.Scope.Columns[i].Type, right.Scope.Columns[i].Type);
            if (common is null)
            {
                ctx.Report(Codes.UnionMismatch, op.Right.Span,
                    $"expected column {i + 1} of the UNION's right input to be compatible with {left.Scope.Columns[i].Type}, found {right.Scope.Columns[i].Type}");
                return left;
            }
            types.Add(common);
        }
        var all = UnionAll([left, right], types);
        if (op.All) return all;
        var schema = Schemas.WithoutTimeAttributes(all.Plan.Schema);
        var distinct = new LogicalAggregate(all.Plan, [.. Enumerable.Range(0, schema.Count)], ImmutableArray<AggregateCall>.Empty, AggregatePhase.Single, schema);
        return new BoundRelation(distinct, Scope.FromSchema(distinct.Schema, null), left.ItemSpans);
    }

    /// <summary>UNION ALL of relations with the same number of columns, each converted to <paramref name="types"/> (names from the first).</summary>
    private static BoundRelation UnionAll(IReadOnlyList<BoundRelation> sides, IReadOnlyList<SqlType> types)
    {
        var first = sides[0];
        var inputs = ImmutableArray.CreateBuilder<LogicalNode>();
        var names = first.Scope.Columns.Select(c => c.Name).ToList();
        foreach (var side in sides)
        {
            var exprs = side.Scope.Columns.Select((c, i) => Coercion.To(new InputRef(i, side.Plan.Schema[i].Type), types[i])).ToImmutableArray();
            var schema = new RowSchema([.. exprs.Select((e, i) => new RowField(names[i], e.Type))]);
            inputs.Add(exprs.Select((e, i) => e is InputRef r && r.Index == i).All(b => b) && side.Plan.Schema.Fields.Select(f => f.Name).SequenceEqual(names)
                ? side.Plan : new LogicalProject(side.Plan, exprs, schema));
        }
        var outputSchema = new RowSchema([.. types.Select((t, i) => new RowField(names[i], t.WithNullable(inputs.Any(p => p.Schema[i].Type.Nullable))))]);
        var union = new LogicalUnion(inputs.ToImmutable(), outputSchema);
        return new BoundRelation(union, Scope.FromSchema(union.Schema, null), first.ItemSpans);
    }

    private BoundRelation BindSelect(S.SelectBody select)
    {
        if (select.From.Count == 0)
        {
            return Fail(select.Span, "SELECT without FROM is not supported yet");
        }
        var from = BindFrom(select);
        var plan = from.Plan;
        var scope = from.Scope;
        var whereSyntax = select.Where is null ? null : BindInSubqueries(select.Where, ref plan, ref scope);
        if (whereSyntax is not null)
        {
            var where = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "WHERE" }.BindCondition(whereSyntax, "WHERE");
            plan = new LogicalFilter(plan, where);
        }

        var items = ExpandStars(select.Items, scope);
        var skew = SkewBuckets(select.Hints);
        var hasAggregates = select.GroupBy.Count > 0 || items.Any(i => SyntaxWalker.ContainsAggregate(i.Expr))
            || (select.Having is not null && SyntaxWalker.ContainsAggregate(select.Having));
        BoundRelation result;
        if (hasAggregates)
        {
            result = BindAggregate(plan, scope, items, select, skew);
        }
        else
        {
            if (select.Having is not null)
            {
                ctx.Report(Codes.NotGrouped, select.Having.Span, "HAVING needs GROUP BY or an aggregate", "use WHERE to filter rows");
            }
            var over = items.Select(i => SyntaxWalker.FindOver(i.Expr)).FirstOrDefault(o => o is not null);
            result = over is null ? Project(plan, scope, items, new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "a select list without GROUP BY" })
                : string.Equals(over.Name.ToString(), "ROW_NUMBER", StringComparison.OrdinalIgnoreCase)
                    ? BindRanked(plan, scope, items, ResolveWindow(over.Over!, select.Windows) is { } spec ? over with { Over = spec } : over)
                    : BindOverAggregate(plan, scope, items, select.Windows);
        }
        if (select.Distinct)
        {
            var schema = Schemas.WithoutTimeAttributes(result.Plan.Schema);
            var distinct = new LogicalAggregate(result.Plan, [.. Enumerable.Range(0, schema.Count)], ImmutableArray<AggregateCall>.Empty, AggregatePhase.Single, schema, skew);
            result = result with { Plan = distinct, Scope = StripScope(result.Scope) };
        }
        return result;
    }

    /// <summary>The FROM clause of a SELECT (several tables are a cross join; UNNEST expands the row before it).</summary>
    private BoundRelation BindFrom(S.SelectBody select)
    {
        if (select.From.Count == 0) return Fail(select.Span, "SELECT without FROM is not supported yet");
        var from = BindTableRef(select.From[0]);
        for (var i = 1; i < select.From.Count; i++)
        {
            if (select.From[i] is S.UnnestTableRef unnest)
            {
                from = BindUnnest(from, unnest, S.JoinKind.Cross, null, unnest.Span);
                continue;
            }
            var next = BindTableRef(select.From[i]);
            var output = Schemas.Unique(Schemas.WithoutTimeAttributes(from.Plan.Schema).Fields.Concat(Schemas.WithoutTimeAttributes(next.Plan.Schema).Fields));
            from = new BoundRelation(
                new LogicalJoin(from.Plan, next.Plan, JoinType.Inner, null, output, null, false, select.From[i].Span),
                StripScope(from.Scope.Concat(next.Scope)));
        }
        return from;
    }

    private static Scope StripScope(Scope scope) => new([.. scope.Columns.Select(c => c with { Type = c.Type.WithoutTimeAttribute() })]) { Poisoned = scope.Poisoned };

    private int? SkewBuckets(S.EquatableArray<S.Hint> hints)
    {
        foreach (var hint in hints)
        {
            if (!string.Equals(hint.Name.Value, "SKEW", StringComparison.OrdinalIgnoreCase)) continue;
            var buckets = 16;
            foreach (var option in hint.Options)
            {
                if (option.Key != "buckets" || !int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out buckets) || buckets < 1)
                {
                    ctx.Report(Codes.InvalidHint, option.Span, $"expected SKEW('buckets'='<positive integer>'), found '{option.Key}'='{option.Value}'");
                    buckets = 16;
                }
            }
            return buckets;
        }
        return null;
    }

    private List<S.SelectItem> ExpandStars(S.EquatableArray<S.SelectItem> items, Scope scope)
    {
        var result = new List<S.SelectItem>();
        foreach (var item in items)
        {
            if (item.Expr is not S.StarExpr star)
            {
                result.Add(item);
                continue;
            }
            var qualifier = star.Qualifier.Count > 0 ? star.Qualifier[star.Qualifier.Count - 1].Value : null;
            if (qualifier is not null && !scope.HasQualifier(qualifier))
            {
                ctx.Report(Codes.UnknownAlias, star.Span, $"unknown table '{qualifier}' in '{qualifier}.*'",
                    Suggestions.DidYouMean(qualifier, scope.Columns.Select(c => c.Qualifier).OfType<string>().Distinct()));
                continue;
            }
            foreach (var column in scope.Columns)
            {
                if (qualifier is not null && !string.Equals(column.Qualifier, qualifier, StringComparison.OrdinalIgnoreCase)) continue;
                if (column.Name.StartsWith('$')) continue;
                S.Identifier[] parts = column.Qualifier is null
                    ? [new S.Identifier(column.Name, star.Span)]
                    : [new S.Identifier(column.Qualifier, star.Span), new S.Identifier(column.Name, star.Span)];
                result.Add(new S.SelectItem(new S.NameExpr(parts, star.Span), new S.Identifier(column.Name, star.Span), star.Span));
            }
        }
        return result;
    }

    private static string ItemName(S.SelectItem item, int index) => item.Alias?.Value ?? item.Expr switch
    {
        S.NameExpr n => n.Parts[n.Parts.Count - 1].Value,
        S.FieldAccessExpr f => f.Field.Value,
        _ => "EXPR$" + index.ToString(CultureInfo.InvariantCulture),
    };

    private static BoundRelation Project(LogicalNode plan, Scope scope, List<S.SelectItem> items, ExpressionBinder binder)
    {
        var exprs = ImmutableArray.CreateBuilder<BoundExpr>();
        var fields = new List<RowField>();
        var columns = new List<ScopeColumn>();
        for (var i = 0; i < items.Count; i++)
        {
            var bound = binder.Bind(items[i].Expr);
            var name = ItemName(items[i], i);
            exprs.Add(bound);
            fields.Add(new RowField(name, bound.Type));
            columns.Add(new ScopeColumn(null, name, bound.Type));
        }
        var project = new LogicalProject(plan, exprs.ToImmutable(), Schemas.Unique(fields));
        return new BoundRelation(project, new Scope([.. columns]) { Poisoned = scope.Poisoned }, [.. items.Select(i => (SourceSpan)i.Span)]);
    }
}
