using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Planner.Util;

namespace Bsql.Planner.Rules;

/// <summary>
/// A GROUP BY over a window table function that groups by <c>window_start</c> and <c>window_end</c> becomes a window
/// aggregate (so does a group window, which the binder expresses the same way). A GROUP BY over another window
/// aggregate's <c>window_start</c>/<c>window_end</c> becomes a window aggregate over those windows
/// (<see cref="AttachedWindow"/>). A projection on top restores the original column order.
/// </summary>
public sealed class WindowAggregateRule : IRewriteRule
{
    /// <inheritdoc />
    public string Name => "WindowAggregate";

    /// <inheritdoc />
    public bool TryRewrite(LogicalNode node, RuleContext context, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        if (node is not LogicalAggregate { Phase: AggregatePhase.Single } aggregate) return false;
        return TryOverTvf(aggregate, out result) || TryAttached(aggregate, out result);
    }

    private static bool TryOverTvf(LogicalAggregate aggregate, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        LogicalWindowTableFunction tvf;
        ImmutableArray<BoundExpr> projections;
        RowSchema projected;
        switch (aggregate.Source)
        {
            case LogicalProject { Source: LogicalWindowTableFunction t } p:
                tvf = t;
                projections = p.Projections;
                projected = p.Output;
                break;
            case LogicalWindowTableFunction t:
                tvf = t;
                projections = [.. t.Schema.Fields.Select((f, i) => (BoundExpr)new InputRef(i, f.Type))];
                projected = t.Schema;
                break;
            default:
                return false;
        }
        var n = tvf.Source.Schema.Count;
        var keyProperty = new WindowProperty?[aggregate.GroupKeys.Length];
        for (var k = 0; k < aggregate.GroupKeys.Length; k++)
        {
            if (projections[aggregate.GroupKeys[k]] is InputRef r && r.Index >= n)
            {
                keyProperty[k] = (r.Index - n) switch { 0 => WindowProperty.Start, 1 => WindowProperty.End, _ => tvf.Window.ProcTime ? WindowProperty.ProcTime : WindowProperty.RowTime };
            }
        }
        if (!keyProperty.Contains(WindowProperty.Start) || !keyProperty.Contains(WindowProperty.End)) return false;
        // Every other column the aggregation reads must not depend on the window columns.
        var windowKeyColumns = aggregate.GroupKeys.Where((_, k) => keyProperty[k] is not null).ToHashSet();
        var needed = new HashSet<int>(aggregate.GroupKeys.Where((_, k) => keyProperty[k] is null));
        foreach (var call in aggregate.Aggregates)
        {
            foreach (var a in call.Args) needed.Add(a);
            if (call.FilterIndex >= 0) needed.Add(call.FilterIndex);
        }
        if (needed.Any(c => windowKeyColumns.Contains(c) || Columns.Max(projections[c]) >= n)) return false;

        var columns = needed.Order().ToList();
        var map = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var exprs = columns.Select(c => projections[c]).ToList();
        var fields = columns.Select(c => projected[c]).ToList();
        exprs.Add(new InputRef(tvf.Window.TimeIndex, tvf.Source.Schema[tvf.Window.TimeIndex].Type));
        fields.Add(tvf.Source.Schema[tvf.Window.TimeIndex]);
        var input = new LogicalProject(tvf.Source, [.. exprs], Binding.Schemas.Unique(fields));
        var window = tvf.Window with { TimeIndex = exprs.Count - 1 };
        result = Build(aggregate, input, window, keyProperty, k => map[aggregate.GroupKeys[k]], c => map[c], tvf.Schema);
        return true;
    }

    private static bool TryAttached(LogicalAggregate aggregate, [NotNullWhen(true)] out LogicalNode? result)
    {
        result = null;
        var keyProperty = new WindowProperty?[aggregate.GroupKeys.Length];
        LogicalWindowAggregate? upstream = null;
        int start = -1, end = -1;
        for (var k = 0; k < aggregate.GroupKeys.Length; k++)
        {
            if (ColumnOrigin.WindowProperty(aggregate.Source, aggregate.GroupKeys[k]) is not { } origin) continue;
            if (upstream is not null && !ReferenceEquals(upstream, origin.Aggregate)) continue;
            upstream = origin.Aggregate;
            if (origin.Property == WindowProperty.Start) { keyProperty[k] = WindowProperty.Start; start = aggregate.GroupKeys[k]; }
            else if (origin.Property == WindowProperty.End) { keyProperty[k] = WindowProperty.End; end = aggregate.GroupKeys[k]; }
        }
        if (start < 0 || end < 0) return false;
        var window = new AttachedWindow(end, false, start, end);
        result = Build(aggregate, aggregate.Source, window, keyProperty, k => aggregate.GroupKeys[k], c => c, null);
        return true;
    }

    private static LogicalNode Build(
        LogicalAggregate aggregate, LogicalNode input, WindowSpec window, WindowProperty?[] keyProperty,
        Func<int, int> mapKey, Func<int, int> mapColumn, RowSchema? tvfSchema)
    {
        var plainKeys = Enumerable.Range(0, keyProperty.Length).Where(k => keyProperty[k] is null).ToList();
        var windowKeys = Enumerable.Range(0, keyProperty.Length).Where(k => keyProperty[k] is not null).ToList();
        var calls = aggregate.Aggregates.Select(a => a with
        {
            Args = [.. a.Args.Select(mapColumn)],
            FilterIndex = a.FilterIndex < 0 ? -1 : mapColumn(a.FilterIndex),
        }).ToImmutableArray();
        var properties = windowKeys.Select(k => keyProperty[k]!.Value).ToImmutableArray();
        var rowtime = (window is AttachedWindow ? SqlType.Timestamp(3) : input.Schema[window.TimeIndex].Type.Kind == SqlTypeKind.TimestampLtz ? SqlType.TimestampLtz(3) : SqlType.Timestamp(3)).WithNullable(false);
        var outputFields = plainKeys.Select(k => aggregate.Schema[k])
            .Concat(calls.Select((c, j) => aggregate.Schema[aggregate.GroupKeys.Length + j]))
            .Concat(windowKeys.Select(k => aggregate.Schema[k] with
            {
                Type = keyProperty[k] switch
                {
                    WindowProperty.RowTime => rowtime with { TimeAttribute = TimeAttribute.Rowtime },
                    WindowProperty.ProcTime => SqlType.TimestampLtz(3).WithNullable(false) with { TimeAttribute = TimeAttribute.Proctime },
                    _ => SqlType.Timestamp(3).WithNullable(false),
                },
            }));
        var windowAggregate = new LogicalWindowAggregate(input, window, [.. plainKeys.Select(mapKey)], calls, properties, AggregatePhase.Single,
            Binding.Schemas.Unique(outputFields));
        _ = tvfSchema;
        // Restore the aggregate's layout: keys in GROUP BY order, then aggregates.
        var reorder = new List<BoundExpr>();
        var names = new List<RowField>();
        for (var k = 0; k < keyProperty.Length; k++)
        {
            var index = keyProperty[k] is null ? plainKeys.IndexOf(k) : plainKeys.Count + calls.Length + windowKeys.IndexOf(k);
            reorder.Add(new InputRef(index, windowAggregate.Schema[index].Type));
            names.Add(aggregate.Schema[k] with { Type = windowAggregate.Schema[index].Type });
        }
        for (var j = 0; j < calls.Length; j++)
        {
            reorder.Add(new InputRef(plainKeys.Count + j, windowAggregate.Schema[plainKeys.Count + j].Type));
            names.Add(aggregate.Schema[aggregate.GroupKeys.Length + j]);
        }
        return new LogicalProject(windowAggregate, [.. reorder], new RowSchema([.. names]));
    }
}
