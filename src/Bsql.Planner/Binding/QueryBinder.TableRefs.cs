using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

internal sealed partial class QueryBinder
{
    public BoundRelation BindTableRef(S.TableRef tableRef) => tableRef switch
    {
        S.NamedTableRef n => BindNamed(n),
        S.DerivedTableRef d => BindDerived(d),
        S.TableFunctionRef f => BindTableFunction(f),
        S.JoinTableRef j => BindJoin(j),
        S.DelayedWindowJoin d => BindDelayedJoin(d),
        _ => Fail(tableRef.Span, "UNNEST must be joined to the table whose collection it expands", "write FROM t CROSS JOIN UNNEST(t.tags) AS x (tag)"),
    };

    private BoundRelation ApplyAlias(BoundRelation relation, S.TableAlias? alias, string? defaultQualifier)
    {
        var scope = relation.Scope.WithQualifier(alias?.Name.Value ?? defaultQualifier);
        if (alias is not null && alias.Columns.Count > 0)
        {
            if (alias.Columns.Count != scope.Count)
            {
                ctx.Report(Codes.InsertColumnCount, alias.Span, $"expected {scope.Count} column aliases for '{alias.Name.Value}', found {alias.Columns.Count}");
            }
            else
            {
                scope = new Scope([.. scope.Columns.Select((c, i) => c with { Name = alias.Columns[i].Value })]);
            }
        }
        return relation with { Scope = scope };
    }

    private BoundRelation BindDerived(S.DerivedTableRef d)
    {
        if (d.Lateral) return Fail(d.Span, "LATERAL subqueries are not supported yet");
        return ApplyAlias(BindQuery(d.Query), d.Alias, null);
    }

    private BoundRelation BindNamed(S.NamedTableRef r)
    {
        if (r.SystemTimeAsOf is not null)
        {
            ctx.Report(Codes.Unsupported, r.SystemTimeAsOf.Span, "FOR SYSTEM_TIME AS OF is only allowed on the right side of a JOIN",
                "write `stream JOIN dim FOR SYSTEM_TIME AS OF stream.proc AS d ON d.k = stream.k`");
        }
        var name = r.Name.ToString();
        var defaultQualifier = r.Name.Last.Value;
        if (r.Name.Parts.Count == 1)
        {
            for (var i = ctx.Ctes.Count - 1; i >= 0; i--)
            {
                if (ctx.Ctes[i].TryGetValue(name, out var cte))
                {
                    // A CTE is bound in the scope where it was defined, without itself.
                    var saved = ctx.Ctes.GetRange(i, ctx.Ctes.Count - i);
                    ctx.Ctes.RemoveRange(i, ctx.Ctes.Count - i);
                    try
                    {
                        var bound = BindQuery(cte.Query);
                        if (cte.Columns.Count > 0) bound = ApplyAlias(bound, new S.TableAlias(cte.Name, cte.Columns, cte.Span), null);
                        return ApplyAlias(bound, r.Alias, defaultQualifier);
                    }
                    finally
                    {
                        ctx.Ctes.AddRange(saved);
                    }
                }
            }
        }
        if (ctx.Catalog.FindView(name) is { } view)
        {
            foreach (var hint in r.Hints)
            {
                ctx.Report(Codes.InvalidHint, hint.Span, $"the {hint.Name.Value.ToUpperInvariant()} hint applies to tables, but '{view.Name}' is a view",
                    "put the hint on the table inside the view's query");
            }
            if (ctx.ViewStack.Contains(view.Name, StringComparer.OrdinalIgnoreCase))
            {
                ctx.Report(Codes.ViewCycle, r.Name.Span, $"view '{view.Name}' refers to itself ({string.Join(" -> ", ctx.ViewStack.Reverse().Append(view.Name))})");
                return Empty();
            }
            ctx.ViewStack.Push(view.Name);
            var savedCtes = ctx.Ctes.ToList();
            ctx.Ctes.Clear();
            try
            {
                var bound = ctx.WithSource(view.Source, () => BindQuery(view.Query));
                if (!view.ColumnAliases.IsEmpty && view.ColumnAliases.Length == bound.Scope.Count)
                {
                    bound = bound with { Scope = new Scope([.. bound.Scope.Columns.Select((c, i) => c with { Name = view.ColumnAliases[i] })]) };
                }
                return ApplyAlias(bound with { ItemSpans = ImmutableArray<SourceSpan>.Empty }, r.Alias, defaultQualifier);
            }
            finally
            {
                ctx.Ctes.AddRange(savedCtes);
                ctx.ViewStack.Pop();
            }
        }
        if (ctx.Catalog.FindTable(name) is not { } table)
        {
            var candidates = ctx.Catalog.RelationNames.Concat(ctx.Ctes.SelectMany(c => c.Keys));
            ctx.Report(Codes.UnknownTable, r.Name.Span, $"unknown table or view '{name}'",
                Suggestions.DidYouMean(name, candidates) ?? "declare it with CREATE TABLE or pass a catalog file with --catalog");
            return Empty();
        }
        var usage = ConnectorOptionValidator.ValidateUsage(table, ConnectorUsage.Source, r.Name.Span, ctx.Source);
        if (usage is not null) ctx.Add(usage);
        var scan = GetScan(table, r.Hints);
        return ApplyAlias(scan, r.Alias, defaultQualifier);
    }

    /// <summary>The (shared) scan of a table, validated once, in declared column order.</summary>
    public BoundRelation GetScan(CatalogTable table, S.EquatableArray<S.Hint> hints)
    {
        if (ctx.ValidatedTables.Add(table))
        {
            foreach (var d in ConnectorOptionValidator.ValidateOptions(table)) ctx.Add(d);
        }
        var options = table.Options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        var hintKey = "";
        foreach (var hint in hints)
        {
            if (!string.Equals(hint.Name.Value, "OPTIONS", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var option in hint.Options)
            {
                options[option.Key] = option.Value;
                hintKey += "\u0001" + option.Key + "\u0002" + option.Value;
            }
        }
        var key = table.Name + hintKey;
        if (!ctx.Scans.TryGetValue(key, out var scan))
        {
            scan = ctx.WithSource(table.Source, () => BuildScan(table, options));
            ctx.Scans[key] = scan;
        }
        // The scan emits physical then computed columns; the table's declared order is restored on top.
        var order = new List<int>();
        var physicalCount = table.Columns.Count(c => !c.IsComputed);
        int p = 0, c = 0;
        foreach (var column in table.Columns) order.Add(column.IsComputed ? physicalCount + c++ : p++);
        LogicalNode plan = scan;
        if (order.Select((o, i) => o == i).Any(b => !b))
        {
            plan = new LogicalProject(scan, [.. order.Select(o => (BoundExpr)new InputRef(o, scan.Schema[o].Type))], new RowSchema([.. order.Select(o => scan.Schema[o])]));
        }
        return new BoundRelation(plan, Scope.FromSchema(plan.Schema, table.Name));
    }

    private LogicalScan BuildScan(CatalogTable table, Dictionary<string, string> options)
    {
        var physical = table.Columns.Where(c => !c.IsComputed).Select(c => new RowField(c.Name, c.Type!)).ToList();
        var physicalScope = Scope.FromSchema(new RowSchema([.. physical]), table.Name);
        var computed = ImmutableArray.CreateBuilder<BoundExpr>();
        var fields = new List<RowField>(physical);
        foreach (var column in table.Columns.Where(c => c.IsComputed))
        {
            var binder = new ExpressionBinder(ctx, physicalScope) { AggregatesForbiddenIn = "a computed column" };
            var bound = binder.Bind(column.Expression!);
            computed.Add(bound);
            fields.Add(new RowField(column.Name, bound.Type));
        }
        WatermarkSpec? watermark = null;
        if (table.Watermark is { } wm)
        {
            var index = fields.FindIndex(f => string.Equals(f.Name, wm.Column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                ctx.Report(Codes.InvalidWatermark, wm.Span, $"WATERMARK FOR names '{wm.Column}', which is not a column of '{table.Name}'",
                    Suggestions.DidYouMean(wm.Column, fields.Select(f => f.Name)));
            }
            else if (!fields[index].Type.IsTimestamp || fields[index].Type.Precision > 3)
            {
                ctx.Report(Codes.InvalidWatermark, wm.Span,
                    $"expected the watermark column '{wm.Column}' to be TIMESTAMP(3) or TIMESTAMP_LTZ(3), found {fields[index].Type.WithoutTimeAttribute()}",
                    "declare it as TIMESTAMP(3), or compute one, e.g. `ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3)`");
            }
            else
            {
                fields[index] = fields[index] with { Type = fields[index].Type with { TimeAttribute = TimeAttribute.Rowtime } };
                var scope = Scope.FromSchema(new RowSchema([.. fields]), table.Name);
                var strategy = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "a watermark" }.Bind(wm.Strategy);
                if (!strategy.Type.IsTimestamp && strategy.Type.Kind != SqlTypeKind.Null)
                {
                    ctx.Report(Codes.InvalidWatermark, wm.Strategy.Span, $"expected a TIMESTAMP watermark expression, found {strategy.Type}",
                        $"e.g. `WATERMARK FOR {wm.Column} AS {wm.Column} - INTERVAL '5' SECOND`");
                }
                watermark = new WatermarkSpec(index, strategy, null);
            }
        }
        var connector = new ConnectorSpec((table.Connector ?? "").Trim().ToLowerInvariant(), options.ToImmutableSortedDictionary(StringComparer.Ordinal));
        return new LogicalScan(table, connector, new RowSchema([.. physical]), computed.ToImmutable(), watermark, new RowSchema([.. fields]));
    }

    private BoundRelation BindJoin(S.JoinTableRef j)
    {
        var left = BindTableRef(j.Left);
        if (j.Right is S.NamedTableRef { SystemTimeAsOf: not null } dim)
        {
            return BindLookupJoin(left, dim, j);
        }
        if (j.Right is S.UnnestTableRef unnest) return BindUnnest(left, unnest, j.Kind, j.On, j.Span);
        var right = BindTableRef(j.Right);
        if (j.Using.Count > 0) return Fail(j.Span, "JOIN ... USING is not supported yet", "write the condition with ON");
        var type = j.Kind switch
        {
            S.JoinKind.Left => JoinType.Left,
            S.JoinKind.Right => JoinType.Right,
            S.JoinKind.Full => JoinType.Full,
            _ => JoinType.Inner,
        };
        var leftSchema = Schemas.WithoutTimeAttributes(left.Plan.Schema);
        var rightSchema = Schemas.WithoutTimeAttributes(right.Plan.Schema);
        if (type is JoinType.Right or JoinType.Full) leftSchema = Schemas.Nullable(leftSchema);
        if (type is JoinType.Left or JoinType.Full) rightSchema = Schemas.Nullable(rightSchema);
        var scope = left.Scope.Concat(right.Scope);
        BoundExpr? condition = null;
        if (j.On is not null)
        {
            condition = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "ON" }.BindCondition(j.On, "ON");
        }
        var output = Schemas.Unique(leftSchema.Fields.Concat(rightSchema.Fields));
        var join = new LogicalJoin(left.Plan, right.Plan, type, condition, output, null, false, j.Span);
        var outScope = new Scope([.. scope.Columns.Select((c, i) => c with { Type = output[i].Type })]);
        return new BoundRelation(join, outScope);
    }

    /// <summary>
    /// <c>left CROSS JOIN UNNEST(expr) [WITH ORDINALITY] AS t (cols)</c>, <c>left, UNNEST(...)</c>, <c>JOIN UNNEST(...) ON cond</c>
    /// (the condition filters the result) and <c>LEFT JOIN UNNEST(...) ON TRUE</c>, as in Flink. The expression reads the
    /// left row; the left side's time attributes survive (rows are expanded, not held).
    /// </summary>
    public BoundRelation BindUnnest(BoundRelation left, S.UnnestTableRef u, S.JoinKind joinKind, S.Expr? on, SourceSpan span)
    {
        if (joinKind is S.JoinKind.Right or S.JoinKind.Full)
        {
            return Fail(span, $"{joinKind.ToString().ToUpperInvariant()} JOIN UNNEST is not supported", "use CROSS JOIN UNNEST(...) or LEFT JOIN UNNEST(...) ON TRUE");
        }
        if (u.Arguments.Count != 1)
        {
            return Fail(u.Span, $"expected one collection in UNNEST, found {u.Arguments.Count}", "write one UNNEST per collection: CROSS JOIN UNNEST(a) AS x (a1) CROSS JOIN UNNEST(b) AS y (b1)");
        }
        var collection = new ExpressionBinder(ctx, left.Scope) { AggregatesForbiddenIn = "UNNEST" }.Bind(u.Arguments[0]);
        var type = collection.Type;
        UnnestKind kind;
        List<RowField> fields;
        switch (type.Kind)
        {
            case SqlTypeKind.Array when type.Element is { Kind: SqlTypeKind.Row } row:
                kind = UnnestKind.ArrayOfRows;
                fields = [.. row.Fields.Select(f => new RowField(f.Name, f.Type.WithNullable(true)))];
                break;
            case SqlTypeKind.Array:
                kind = UnnestKind.Array;
                fields = [new RowField("f0", type.Element!.WithNullable(true))];
                break;
            case SqlTypeKind.Map:
                kind = UnnestKind.Map;
                fields = [new RowField("f0", type.Element!.WithNullable(true)), new RowField("f1", type.Value!.WithNullable(true))];
                break;
            case SqlTypeKind.Null:
                return left;
            default:
                return Fail(u.Arguments[0].Span, $"expected an ARRAY or MAP to UNNEST, found {type.WithoutTimeAttribute()}");
        }
        if (u.WithOrdinality) fields.Add(new RowField("ordinality", SqlType.Int.WithNullable(joinKind == S.JoinKind.Left)));
        var outer = joinKind == S.JoinKind.Left;
        if (outer && on is not S.BooleanLiteral { Value: true })
        {
            ctx.Report(Codes.Unsupported, on?.Span ?? span, "LEFT JOIN UNNEST needs ON TRUE", "write LEFT JOIN UNNEST(...) AS t (x) ON TRUE, and filter in WHERE");
        }
        // Only the alias's scope is used: the unnested columns are produced by the LogicalUnnest below.
        var unnestRelation = ApplyAlias(new BoundRelation(left.Plan, Scope.FromSchema(new RowSchema([.. fields]), null)), u.Alias, null);
        var output = Schemas.Unique(left.Plan.Schema.Fields.Concat(unnestRelation.Scope.Columns.Select((c, i) => new RowField(c.Name, fields[i].Type))));
        LogicalNode plan = new LogicalUnnest(left.Plan, collection, kind, outer, u.WithOrdinality, output);
        var scope = left.Scope.Concat(unnestRelation.Scope);
        scope = new Scope([.. scope.Columns.Select((c, i) => c with { Type = output[i].Type })]);
        if (!outer && on is not null)
        {
            var condition = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "ON" }.BindCondition(on, "ON");
            plan = new LogicalFilter(plan, condition);
        }
        return new BoundRelation(plan, scope);
    }

    private BoundRelation BindLookupJoin(BoundRelation left, S.NamedTableRef dim, S.JoinTableRef j)
    {
        var name = dim.Name.ToString();
        if (ctx.Catalog.FindTable(name) is not { } table)
        {
            ctx.Report(ctx.Catalog.FindView(name) is null ? Codes.UnknownTable : Codes.LookupNotSupported, dim.Name.Span,
                ctx.Catalog.FindView(name) is null ? $"unknown table '{name}'" : $"'{name}' is a view: only tables with a lookup connector can be joined FOR SYSTEM_TIME AS OF",
                Suggestions.DidYouMean(name, ctx.Catalog.RelationNames));
            return left;
        }
        var scanRelation = GetScan(table, dim.Hints);
        var usage = ConnectorOptionValidator.ValidateUsage(table, ConnectorUsage.Lookup, dim.Name.Span, ctx.Source);
        if (usage is not null)
        {
            ctx.Add(usage with { Help = $"a dimension table needs a lookup connector: redis, hbase or jdbc; '{table.Name}' uses '{table.Connector}'" });
        }
        var time = new ExpressionBinder(ctx, left.Scope) { AggregatesForbiddenIn = "FOR SYSTEM_TIME AS OF" }.Bind(dim.SystemTimeAsOf!);
        if (time.Type.TimeAttribute != TimeAttribute.Proctime && time.Type.Kind != SqlTypeKind.Null)
        {
            ctx.Report(Codes.LookupNeedsProcTime, dim.SystemTimeAsOf!.Span,
                $"expected a processing-time attribute after FOR SYSTEM_TIME AS OF, found {time.Type}",
                "declare one on the stream table, e.g. `proc AS PROCTIME()`, and write FOR SYSTEM_TIME AS OF s.proc");
        }
        if (string.Equals(table.Connector, "redis", StringComparison.OrdinalIgnoreCase) && table.PrimaryKey.IsEmpty && table.Option("key-pattern") is null)
        {
            ctx.Add(Diagnostic.Error(Codes.ConnectorSchema, dim.Name.Span, $"a Redis lookup table needs a PRIMARY KEY: '{table.Name}' has none",
                $"add `PRIMARY KEY ({table.Columns.FirstOrDefault()?.Name ?? "k"}) NOT ENFORCED` to '{table.Name}', or set 'key-pattern'", ctx.Source));
        }
        var type = j.Kind switch
        {
            S.JoinKind.Inner => JoinType.Inner,
            S.JoinKind.Left => JoinType.Left,
            _ => (JoinType?)null,
        };
        if (type is null)
        {
            ctx.Report(Codes.Unsupported, j.Span, $"a lookup join must be INNER or LEFT, found {j.Kind.ToString().ToUpperInvariant()}");
            type = JoinType.Inner;
        }
        var dimRelation = ApplyAlias(scanRelation, dim.Alias, dim.Name.Last.Value);
        var scope = left.Scope.Concat(dimRelation.Scope);
        BoundExpr? condition = null;
        if (j.On is null)
        {
            ctx.Report(Codes.JoinNeedsKeyEquality, j.Span, "a lookup join needs ON with a key equality, e.g. ON d.id = s.id");
        }
        else
        {
            condition = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "ON" }.BindCondition(j.On, "ON");
            var leftCount = left.Scope.Count;
            var hasKey = Conjuncts.Split(condition).Any(c => c is Call { Function: "=" } eq
                && (eq.Args[0] is InputRef a && a.Index >= leftCount && Columns.Max(eq.Args[1]) < leftCount
                    || eq.Args[1] is InputRef b && b.Index >= leftCount && Columns.Max(eq.Args[0]) < leftCount));
            if (!hasKey && !ctx.IsMuted)
            {
                ctx.Report(Codes.JoinNeedsKeyEquality, j.On.Span, $"expected an equality between a column of '{table.Name}' and the stream in ON, found none",
                    "a lookup needs a key, e.g. ON d.id = s.user_id");
            }
        }
        // The dimension scan is the join's right input; the lookup rule replaces the join with a lookup operator.
        var dimScan = (LogicalScan)(dimRelation.Plan is LogicalProject p ? p.Source : dimRelation.Plan);
        var dimPlan = dimRelation.Plan;
        var leftSchema = Schemas.WithoutTimeAttributes(left.Plan.Schema);
        var rightSchema = Schemas.WithoutTimeAttributes(dimPlan.Schema);
        if (type == JoinType.Left) rightSchema = Schemas.Nullable(rightSchema);
        // The stream's time attributes survive a lookup join (it adds columns, it does not hold rows).
        var output = Schemas.Unique(left.Plan.Schema.Fields.Concat(rightSchema.Fields));
        _ = leftSchema;
        var join = new LogicalJoin(left.Plan, dimPlan, type.Value, condition, output, null, true, j.Span);
        _ = dimScan;
        return new BoundRelation(join, new Scope([.. scope.Columns.Select((c, i) => c with { Type = output[i].Type })]));
    }

    private BoundRelation BindDelayedJoin(S.DelayedWindowJoin d)
    {
        var left = BindTableRef(d.Left);
        var right = BindTableRef(d.Right);
        if (d.Window.Milliseconds <= 0)
        {
            ctx.Report(Codes.NonPositiveDuration, d.Window.Span, $"expected a positive join window, found {d.Window.Text}");
        }
        if (d.Delay.Milliseconds < 0)
        {
            ctx.Report(Codes.NonPositiveDuration, d.Delay.Span, $"expected a delay of zero or more, found {d.Delay.Text}");
        }
        var leftTime = RowtimeOf(left, d.Left.Span, "left");
        var rightTime = RowtimeOf(right, d.Right.Span, "right");
        var scope = left.Scope.Concat(right.Scope);
        var condition = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "ON" }.BindCondition(d.On, "ON");
        var leftCount = left.Scope.Count;
        var hasKey = Conjuncts.Split(condition).Any(c => c is Call { Function: "=" } eq
            && eq.Args[0] is InputRef a && eq.Args[1] is InputRef b && (a.Index < leftCount) != (b.Index < leftCount));
        if (!hasKey && !ctx.IsMuted && condition is not Literal { Value: null })
        {
            ctx.Report(Codes.JoinNeedsKeyEquality, d.On.Span, "expected an equality between a left and a right column in the ON of a delayed window join, found none",
                "the join is keyed: write e.g. ON f.req_id = c.req_id");
        }
        _ = leftTime;
        _ = rightTime;
        // The left rowtime stays an event-time attribute (so joins chain); right columns become nullable values.
        var rightSchema = Schemas.Nullable(Schemas.WithoutTimeAttributes(right.Plan.Schema));
        var output = Schemas.Unique(left.Plan.Schema.Fields.Concat(rightSchema.Fields));
        var join = new LogicalJoin(left.Plan, right.Plan, JoinType.Left, condition, output,
            new DelayedJoinWindow(d.Window.Milliseconds, d.Delay.Milliseconds, d.Global), false, d.Span);
        return new BoundRelation(join, new Scope([.. scope.Columns.Select((c, i) => c with { Type = output[i].Type })]));
    }

    private int RowtimeOf(BoundRelation relation, SourceSpan span, string side)
    {
        var indices = relation.Plan.Schema.Fields.Select((f, i) => (f, i)).Where(x => x.f.Type.TimeAttribute == TimeAttribute.Rowtime).Select(x => x.i).ToList();
        if (indices.Count == 1) return indices[0];
        ctx.Report(Codes.DelayedJoinNeedsEventTime, span,
            indices.Count == 0
                ? $"expected the {side} input of a delayed window join to have an event-time attribute, found none"
                : $"expected the {side} input of a delayed window join to have one event-time attribute, found {indices.Count}",
            indices.Count == 0 ? "declare a watermark on its table, e.g. `WATERMARK FOR ts AS ts - INTERVAL '5' SECOND`" : "select only one event-time column");
        return -1;
    }
}
