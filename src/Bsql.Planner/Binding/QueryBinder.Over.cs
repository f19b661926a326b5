using System.Collections.Immutable;
using System.Globalization;
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
    /// A select list with <c>agg(...) OVER (...)</c> calls, as Flink accepts them: every OVER window of the query is the same,
    /// ordered ascending by a time attribute, its frame ends at the current row. The input (plus any computed partition key
    /// or argument) feeds a <see cref="LogicalOverAggregate"/>; the items then read its aggregate columns.
    /// </summary>
    private BoundRelation BindOverAggregate(LogicalNode plan, Scope scope, List<S.SelectItem> items, S.EquatableArray<S.NamedWindow> named)
    {
        var calls = new List<S.FunctionCall>();
        foreach (var item in items) CollectOver(item.Expr, calls);
        var fallback = () => Project(plan, scope, items, new ExpressionBinder(ctx, scope) { Substitute = e => e is S.FunctionCall { Over: not null } ? new Literal(null, SqlType.Of(SqlTypeKind.Null)) : null });
        if (ResolveWindow(calls[0].Over!, named) is not { } window) return fallback();
        foreach (var call in calls)
        {
            var name = call.Name.ToString().ToUpperInvariant();
            if (!Functions.BuiltinFunctions.IsAggregate(name))
            {
                ctx.Report(Codes.Unsupported, call.Span, $"{name}() OVER (...) cannot be combined with other OVER aggregates, or is not an aggregate",
                    "ROW_NUMBER() OVER goes in its own query (Top-N); other OVER calls must be aggregates: COUNT, SUM, AVG, MIN, MAX, ...");
                return fallback();
            }
            if (ResolveWindow(call.Over!, named) is not { } resolved) return fallback();
            if (!resolved.Equals(window))
            {
                ctx.Report(Codes.Unsupported, call.Over!.Span, "every OVER window of a query must be the same", "compute differently windowed aggregates in separate queries and join them");
                return fallback();
            }
        }

        // The pre-projection: every input column, then computed partition keys and aggregate arguments.
        var pre = new List<BoundExpr>(plan.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type)));
        var preNames = new List<string>(plan.Schema.Fields.Select(f => f.Name));
        var binder = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "OVER" };
        int Column(BoundExpr e)
        {
            if (e is InputRef r) return r.Index;
            var existing = pre.FindIndex(p => p.Equals(e));
            if (existing >= 0) return existing;
            pre.Add(e);
            preNames.Add("$p" + pre.Count.ToString(CultureInfo.InvariantCulture));
            return pre.Count - 1;
        }
        var partition = window.PartitionBy.Select(p => Column(binder.Bind(p))).ToImmutableArray();
        if (window.OrderBy.Count != 1 || window.OrderBy[0].Descending)
        {
            ctx.Report(Codes.Unsupported, window.Span, "an OVER window must be ORDER BY one time attribute, ascending", "write ORDER BY ts, where ts has a WATERMARK (or is PROCTIME())");
            return fallback();
        }
        var time = binder.Bind(window.OrderBy[0].Expr);
        if (time is not InputRef timeRef || time.Type.TimeAttribute is not (TimeAttribute.Rowtime or TimeAttribute.Proctime))
        {
            ctx.Report(Codes.Unsupported, window.OrderBy[0].Expr.Span, $"an OVER window must be ordered by a time attribute, found {time.Type}",
                "order by the table's rowtime column (declared with WATERMARK FOR) or a PROCTIME() column");
            return fallback();
        }
        if (!TryBindFrame(window, out var unit, out var preceding)) return fallback();

        var aggregates = ImmutableArray.CreateBuilder<AggregateCall>();
        for (var i = 0; i < calls.Count; i++)
        {
            var itemIndex = items.FindIndex(it => it.Expr.Equals(calls[i]));
            aggregates.Add(BindAggregateCall(calls[i], binder, pre, preNames, items, i) with
            {
                Name = itemIndex >= 0 ? ItemName(items[itemIndex], itemIndex) : "w0$o" + i.ToString(CultureInfo.InvariantCulture),
            });
        }
        var source = plan;
        if (pre.Count > plan.Schema.Count)
        {
            source = new LogicalProject(plan, [.. pre], Schemas.Unique(pre.Select((e, i) => new RowField(preNames[i], e.Type))));
        }
        var spec = new OverAggregateSpec(partition, timeRef.Index, time.Type.TimeAttribute == TimeAttribute.Rowtime, unit, preceding, aggregates.ToImmutable());
        var output = Schemas.Unique(source.Schema.Fields.Concat(spec.Aggregates.Select(a => new RowField(a.Name, a.Type))));
        var over = new LogicalOverAggregate(source, spec, output);
        var overScope = new Scope([
            .. scope.Columns,
            .. pre.Skip(scope.Count).Select((e, i) => new ScopeColumn(null, preNames[scope.Count + i], e.Type)),
            .. spec.Aggregates.Select(a => new ScopeColumn(null, "$" + a.Name, a.Type)),
        ]) { Poisoned = scope.Poisoned };
        var itemBinder = new ExpressionBinder(ctx, overScope)
        {
            AggregatesForbiddenIn = "a select list without GROUP BY",
            Substitute = e => calls.FindIndex(c => c.Equals(e)) is var k and >= 0 ? new InputRef(source.Schema.Count + k, spec.Aggregates[k].Type) : null,
        };
        return Project(over, overScope, items, itemBinder);
    }

    /// <summary>The window an OVER names: itself, or for <c>OVER w</c> the spec of <c>WINDOW w AS (...)</c> (null, reported, when unknown).</summary>
    private S.WindowSpec? ResolveWindow(S.WindowSpec spec, S.EquatableArray<S.NamedWindow> named)
    {
        if (spec.Reference is not { } reference) return spec;
        foreach (var window in named)
        {
            if (string.Equals(window.Name.Value, reference.Value, StringComparison.OrdinalIgnoreCase)) return window.Spec;
        }
        ctx.Report(Codes.UnknownAlias, reference.Span, $"unknown window '{reference.Value}'",
            named.IsEmpty ? "declare it after the query's HAVING: WINDOW w AS (PARTITION BY k ORDER BY ts)" : Util.Suggestions.DidYouMean(reference.Value, named.Select(w => w.Name.Value)));
        return null;
    }

    private static void CollectOver(S.Expr expr, List<S.FunctionCall> into)
    {
        if (expr is S.FunctionCall { Over: not null } f)
        {
            if (!into.Contains(f)) into.Add(f);
            return;
        }
        foreach (var child in SyntaxWalker.Children(expr)) CollectOver(child, into);
    }

    /// <summary>The frame: ROWS n / UNBOUNDED PRECEDING, or RANGE INTERVAL / UNBOUNDED PRECEDING, ending at CURRENT ROW (Flink's default: RANGE UNBOUNDED).</summary>
    private bool TryBindFrame(S.WindowSpec window, out OverFrameUnit unit, out long preceding)
    {
        unit = OverFrameUnit.Range;
        preceding = -1;
        if (window.Frame is not { } frame) return true;
        unit = frame.Unit == S.FrameUnit.Rows ? OverFrameUnit.Rows : OverFrameUnit.Range;
        if (frame.End is { Kind: not S.FrameBoundKind.CurrentRow } end)
        {
            ctx.Report(Codes.Unsupported, end.Span, "an OVER window must end at CURRENT ROW", "write ... PRECEDING AND CURRENT ROW");
            return false;
        }
        switch (frame.Start.Kind)
        {
            case S.FrameBoundKind.UnboundedPreceding:
                return true;
            case S.FrameBoundKind.CurrentRow:
                preceding = 0;
                return true;
            case S.FrameBoundKind.Preceding:
            {
                var offset = new ExpressionBinder(ctx, Scope.FromSchema(new RowSchema([]), null)).Bind(frame.Start.Offset!);
                if (unit == OverFrameUnit.Rows && offset is Literal { Value: int or long } rows && Convert.ToInt64(rows.Value, CultureInfo.InvariantCulture) >= 0)
                {
                    preceding = Convert.ToInt64(rows.Value, CultureInfo.InvariantCulture);
                    return true;
                }
                if (unit == OverFrameUnit.Range && offset is Literal { Value: long ms } && offset.Type.Kind == SqlTypeKind.IntervalDayTime && ms >= 0)
                {
                    preceding = ms;
                    return true;
                }
                ctx.Report(Codes.Unsupported, frame.Start.Span,
                    unit == OverFrameUnit.Rows ? "expected a row count before PRECEDING in a ROWS frame" : "expected an INTERVAL before PRECEDING in a RANGE frame",
                    unit == OverFrameUnit.Rows ? "e.g. ROWS BETWEEN 10 PRECEDING AND CURRENT ROW" : "e.g. RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW");
                return false;
            }
            default:
                ctx.Report(Codes.Unsupported, frame.Start.Span, "an OVER window cannot start after the current row", "write UNBOUNDED PRECEDING or n PRECEDING");
                return false;
        }
    }
}
