using System.Collections.Immutable;
using System.Globalization;
using SortKey = Bsql.Planner.Physical.SortKey;
using Bsql.Planner.Expressions;
using Bsql.Planner.Functions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

internal sealed partial class QueryBinder
{
    private static readonly HashSet<string> GroupWindows = new(StringComparer.OrdinalIgnoreCase) { "TUMBLE", "HOP", "SESSION", "CUMULATE" };

    private BoundRelation BindAggregate(LogicalNode plan, Scope scope, List<S.SelectItem> items, S.SelectBody select, int? skew)
    {
        if (select.GroupBy.Any(g => g is S.GroupingSetsExpr)) return BindGroupingSets(plan, scope, items, select, skew);
        return BindAggregate(plan, scope, items, select, skew, []);
    }

    /// <summary>One aggregation; <paramref name="nulledKeys"/> are keys of other grouping sets, read as NULL here (GROUPING() = 1).</summary>
    private BoundRelation BindAggregate(LogicalNode plan, Scope scope, List<S.SelectItem> items, S.SelectBody select, int? skew, IReadOnlyList<S.Expr> nulledKeys)
    {
        var keyBinder = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "GROUP BY" };
        var keys = new List<BoundExpr>();
        var keySyntax = new List<S.Expr?>();
        var keyNames = new List<string>();
        WindowSpec? window = null;
        S.FunctionCall? windowCall = null;
        var windowKey = -1;
        foreach (var g in select.GroupBy)
        {
            if (g is S.FunctionCall { Over: null } call && GroupWindows.Contains(call.Name.ToString()))
            {
                if (windowCall is not null)
                {
                    ctx.Report(Codes.Unsupported, g.Span, "only one group window is allowed in GROUP BY");
                    continue;
                }
                windowCall = call;
                window = BindGroupWindow(call, scope, plan);
                continue;
            }
            if (SyntaxWalker.ContainsAggregate(g))
            {
                ctx.Report(Codes.AggregateNotAllowed, g.Span, "aggregate functions are not allowed in GROUP BY");
                continue;
            }
            keys.Add(keyBinder.Bind(g));
            keySyntax.Add(g);
            keyNames.Add(g is S.NameExpr n ? n.Parts[n.Parts.Count - 1].Value : g is S.FieldAccessExpr fa ? fa.Field.Value : "$f" + keys.Count.ToString(CultureInfo.InvariantCulture));
        }
        if (window is not null)
        {
            var n = plan.Schema.Count;
            plan = WindowTvf(plan, window, plan.Schema[window.TimeIndex].Type, "$");
            windowKey = keys.Count;
            for (var w = 0; w < 3; w++)
            {
                keys.Add(new InputRef(n + w, plan.Schema[n + w].Type));
                keySyntax.Add(null);
                keyNames.Add(plan.Schema[n + w].Name[1..]);
            }
        }

        var calls = new List<S.FunctionCall>();
        foreach (var item in items) SyntaxWalker.CollectAggregates(item.Expr, calls);
        if (select.Having is not null) SyntaxWalker.CollectAggregates(select.Having, calls);
        var distinctCalls = new List<S.FunctionCall>();
        foreach (var call in calls)
        {
            if (!distinctCalls.Contains(call)) distinctCalls.Add(call);
        }

        var pre = new List<BoundExpr>(keys);
        var preNames = new List<string>(keyNames);
        var aggregates = new List<AggregateCall>();
        var argBinder = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "an aggregate's argument" };
        foreach (var call in distinctCalls)
        {
            aggregates.Add(BindAggregateCall(call, argBinder, pre, preNames, items, aggregates.Count));
        }
        var preProject = new LogicalProject(plan, [.. pre], Schemas.Unique(pre.Select((e, i) => new RowField(preNames[i], e.Type))));
        var outputFields = keys.Select((k, i) => new RowField(keyNames[i], k.Type.WithoutTimeAttribute()))
            .Concat(aggregates.Select(a => new RowField(a.Name, a.Type)));
        var aggregate = new LogicalAggregate(preProject, [.. Enumerable.Range(0, keys.Count)], [.. aggregates], AggregatePhase.Single,
            Schemas.Unique(outputFields), skew);

        BoundExpr? Substitute(S.Expr e)
        {
            if (e is S.FunctionCall { Over: null } grouping && grouping.Name.ToString().ToUpperInvariant() is "GROUPING" or "GROUPING_ID")
            {
                // A bit per argument, the first the highest: 1 when that key is not grouped in this grouping set.
                var bits = 0L;
                foreach (var arg in grouping.Arguments)
                {
                    bits = bits * 2 + (nulledKeys.Contains(arg) ? 1 : 0);
                    if (!nulledKeys.Contains(arg) && !keySyntax.Contains(arg))
                    {
                        ctx.Report(Codes.NotGrouped, arg.Span, $"the arguments of {grouping.Name.ToString().ToUpperInvariant()} must be GROUP BY keys");
                    }
                }
                return new Literal(bits, SqlType.BigInt.WithNullable(false));
            }
            if (nulledKeys.Contains(e))
            {
                var type = ctx.Muted(() => new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "GROUP BY" }.Bind(e)).Type;
                return new Literal(null, type.WithoutTimeAttribute().WithNullable(true));
            }
            if (SyntaxWalker.IsAggregateCall(e))
            {
                var index = distinctCalls.IndexOf((S.FunctionCall)e);
                return index < 0 ? null : new InputRef(keys.Count + index, aggregate.Schema[keys.Count + index].Type);
            }
            if (e is S.FunctionCall { Over: null } aux && AuxiliaryProperty(aux.Name.ToString()) is { } property)
            {
                var windowName = aux.Name.ToString()[..aux.Name.ToString().IndexOf('_', StringComparison.Ordinal)];
                if (windowCall is null || !string.Equals(windowCall.Name.ToString(), windowName, StringComparison.OrdinalIgnoreCase)
                    || !windowCall.Arguments.Equals(aux.Arguments))
                {
                    ctx.Report(Codes.WindowPropertyWithoutWindow, aux.Span,
                        windowCall is null
                            ? $"{aux.Name.ToString().ToUpperInvariant()} needs GROUP BY {windowName.ToUpperInvariant()}(...) with the same arguments, found no group window"
                            : $"expected the arguments of {aux.Name.ToString().ToUpperInvariant()} to match GROUP BY {windowCall.Name.ToString().ToUpperInvariant()}(...)",
                        "repeat the group window's arguments, e.g. TUMBLE_START(ts, INTERVAL '1' MINUTE)");
                    return new Literal(null, SqlType.Timestamp(3));
                }
                if (window is null) return new Literal(null, SqlType.Timestamp(3));
                var slot = windowKey + property;
                return new InputRef(slot, slot == windowKey + 2 ? plan.Schema[plan.Schema.Count - 1].Type : aggregate.Schema[slot].Type);
            }
            for (var i = 0; i < keySyntax.Count; i++)
            {
                if (keySyntax[i] is { } k && k.Equals(e)) return new InputRef(i, aggregate.Schema[i].Type);
            }
            if (e is S.NumberLiteral or S.StringLiteral or S.BooleanLiteral or S.NullLiteral || SyntaxWalker.ContainsAggregate(e)) return null;
            var speculative = ctx.Muted(() => new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "GROUP BY" }.Bind(e));
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i].Equals(speculative)) return new InputRef(i, aggregate.Schema[i].Type);
            }
            return null;
        }

        var aggBinder = new ExpressionBinder(ctx, scope) { Substitute = Substitute, GroupedOnly = true, AggregatesForbiddenIn = "an aggregate's argument" };
        LogicalNode result = aggregate;
        if (select.Having is not null)
        {
            result = new LogicalFilter(aggregate, aggBinder.BindCondition(select.Having, "HAVING"));
        }
        if (items.Any(i => SyntaxWalker.FindOver(i.Expr) is not null))
        {
            ctx.Report(Codes.Unsupported, items.First(i => SyntaxWalker.FindOver(i.Expr) is not null).Span, "OVER windows together with GROUP BY are not supported yet",
                "aggregate in a subquery and rank in the outer query");
        }
        return Project(result, scope, items, aggBinder);
    }

    private static int? AuxiliaryProperty(string name)
    {
        var upper = name.ToUpperInvariant();
        var underscore = upper.IndexOf('_', StringComparison.Ordinal);
        if (underscore < 0 || !GroupWindows.Contains(upper[..underscore])) return null;
        return upper[(underscore + 1)..] switch
        {
            "START" => 0,
            "END" => 1,
            "ROWTIME" or "PROCTIME" => 2,
            _ => null,
        };
    }

    private AggregateCall BindAggregateCall(S.FunctionCall call, ExpressionBinder binder, List<BoundExpr> pre, List<string> preNames, List<S.SelectItem> items, int ordinal)
    {
        var name = call.Name.ToString().ToUpperInvariant();
        var definition = BuiltinFunctions.Find(name)!;
        var itemIndex = items.FindIndex(i => i.Expr.Equals(call));
        var outputName = itemIndex >= 0 ? ItemName(items[itemIndex], itemIndex) : "EXPR$" + ordinal.ToString(CultureInfo.InvariantCulture);
        var filterIndex = -1;
        if (call.Filter is not null)
        {
            if (SyntaxWalker.ContainsAggregate(call.Filter))
            {
                ctx.Report(Codes.NestedAggregate, call.Filter.Span, "aggregate functions are not allowed inside FILTER (WHERE ...)");
            }
            else
            {
                pre.Add(binder.BindCondition(call.Filter, "FILTER (WHERE ...)"));
                preNames.Add("$filter" + ordinal.ToString(CultureInfo.InvariantCulture));
                filterIndex = pre.Count - 1;
            }
        }
        if (name == "COUNT" && (call.Arguments.Count == 0 || call.Arguments is [S.StarExpr]))
        {
            return new AggregateCall(AggregateFunction.CountStar, ImmutableArray<int>.Empty, false, filterIndex, SqlType.BigInt.WithNullable(false), outputName);
        }
        var args = new List<BoundExpr>();
        foreach (var arg in call.Arguments)
        {
            if (SyntaxWalker.ContainsAggregate(arg))
            {
                ctx.Report(Codes.NestedAggregate, arg.Span, $"aggregate functions cannot be nested: found one inside {name}(...)",
                    "aggregate in a subquery first, then aggregate its result");
                args.Add(new Literal(null, SqlType.Of(SqlTypeKind.Null)));
                continue;
            }
            args.Add(binder.Bind(arg));
        }
        var maxArgs = name == "COUNT" ? 1 : definition.MaxArgs;
        if (args.Count < Math.Max(1, definition.MinArgs) || args.Count > maxArgs)
        {
            ctx.Report(Codes.WrongArgumentCount, call.Span, $"expected {(maxArgs == 1 ? "1" : $"1 to {maxArgs}")} argument(s) for {name}, found {args.Count}", "signature: " + definition.Signature);
            args = args.Take(Math.Max(1, Math.Min(args.Count, maxArgs))).ToList();
            if (args.Count == 0) args.Add(new Literal(null, SqlType.Of(SqlTypeKind.Null)));
        }
        var typeError = false;
        for (var i = 0; i < args.Count; i++)
        {
            var family = definition.FamilyAt(i);
            if (!FunctionDefinition.Accepts(family, args[i].Type))
            {
                typeError = true;
                ctx.Report(Codes.TypeMismatch, call.Arguments[Math.Min(i, call.Arguments.Count - 1)].Span,
                    $"expected {FunctionDefinition.Describe(family)} for {name}, found {args[i].Type.WithoutTimeAttribute()}", "signature: " + definition.Signature);
            }
        }
        var indices = ImmutableArray.CreateBuilder<int>();
        foreach (var arg in args)
        {
            var existing = pre.FindIndex(p => p.Equals(arg));
            if (existing < 0)
            {
                pre.Add(arg);
                preNames.Add(arg is InputRef r && r.Index < binder.Scope.Count ? binder.Scope.Columns[r.Index].Name : "$f" + pre.Count.ToString(CultureInfo.InvariantCulture));
                existing = pre.Count - 1;
            }
            indices.Add(existing);
        }
        var function = name switch
        {
            "COUNT" => AggregateFunction.Count,
            "SUM" => AggregateFunction.Sum,
            "SUM0" => AggregateFunction.Sum0,
            "AVG" => AggregateFunction.Avg,
            "MIN" => AggregateFunction.Min,
            "MAX" => AggregateFunction.Max,
            "FIRST_VALUE" => AggregateFunction.FirstValue,
            "LAST_VALUE" => AggregateFunction.LastValue,
            "LISTAGG" => AggregateFunction.ListAgg,
            _ => AggregateFunction.ApproxCountDistinct,
        };
        // After a reported type error the result is untyped, so no second error follows from it.
        var type = typeError ? SqlType.Of(SqlTypeKind.Null) : definition.Result(args.Select(a => a.Type).ToList());
        return new AggregateCall(function, indices.ToImmutable(), call.Distinct, filterIndex, type, outputName);
    }

    private BoundRelation BindRanked(LogicalNode plan, Scope scope, List<S.SelectItem> items, S.FunctionCall over)
    {
        var name = over.Name.ToString().ToUpperInvariant();
        if (name != "ROW_NUMBER" || over.Arguments.Count != 0)
        {
            ctx.Report(Codes.Unsupported, over.Span, $"{name}(...) OVER (...) is not supported yet; only ROW_NUMBER() OVER (...) for Top-N and deduplication",
                "write ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) AS rn and filter rn <= N in an outer query");
            return Project(plan, scope, items, new ExpressionBinder(ctx, scope) { Substitute = e => e.Equals(over) ? new Literal(null, SqlType.BigInt) : null });
        }
        var spec = over.Over!;
        var binder = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "OVER" };
        var extras = new List<BoundExpr>();
        int Column(BoundExpr e)
        {
            if (e is InputRef r) return r.Index;
            extras.Add(e);
            return plan.Schema.Count + extras.Count - 1;
        }
        var partition = spec.PartitionBy.Select(p => Column(binder.Bind(p))).ToImmutableArray();
        var order = spec.OrderBy.Select(o => new SortKey(Column(binder.Bind(o.Expr)), o.Descending)).ToImmutableArray();
        if (order.IsEmpty)
        {
            ctx.Report(Codes.Unsupported, spec.Span, "ROW_NUMBER() needs ORDER BY in its OVER clause");
        }
        var source = plan;
        if (extras.Count > 0)
        {
            var exprs = plan.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type)).Concat(extras).ToImmutableArray();
            source = new LogicalProject(plan, exprs, Schemas.Unique(plan.Schema.Fields.Concat(extras.Select((e, i) => new RowField("$o" + i.ToString(CultureInfo.InvariantCulture), e.Type)))));
        }
        var rankType = SqlType.BigInt.WithNullable(false);
        var rank = new LogicalRank(source, partition, order, null, true, null, source.Schema.Concat(new RowSchema([new RowField("$rn", rankType)])));
        var rankScope = new Scope([.. scope.Columns, .. extras.Select((e, i) => new ScopeColumn(null, "$o" + i.ToString(CultureInfo.InvariantCulture), e.Type)), new ScopeColumn(null, "$rn", rankType)]);
        var itemBinder = new ExpressionBinder(ctx, rankScope)
        {
            AggregatesForbiddenIn = "a select list without GROUP BY",
            Substitute = e => e.Equals(over) ? new InputRef(rank.RankIndex, rankType) : null,
        };
        return Project(rank, rankScope, items, itemBinder);
    }
}
