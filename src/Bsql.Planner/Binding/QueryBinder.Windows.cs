using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Expressions;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Codes = Bsql.Planner.PlannerDiagnosticCodes;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

internal sealed partial class QueryBinder
{
    private static readonly Dictionary<string, string[]> TvfParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TUMBLE"] = ["DATA", "TIMECOL", "SIZE", "OFFSET"],
        ["HOP"] = ["DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"],
        ["CUMULATE"] = ["DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"],
    };

    private BoundRelation BindTableFunction(S.TableFunctionRef f)
    {
        var name = f.Call.Name.ToString().ToUpperInvariant();
        if (!TvfParameters.TryGetValue(name, out var parameters))
        {
            return Fail(f.Call.Name.Span, $"table function '{f.Call.Name}' is not supported", "the window TVFs are TUMBLE, HOP and CUMULATE");
        }
        var args = new Dictionary<string, S.Expr>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var arg in f.Call.Arguments)
        {
            if (arg is S.NamedArgument named)
            {
                args[named.Name.Value] = named.Value;
            }
            else if (position < parameters.Length)
            {
                args[parameters[position++]] = arg;
            }
            else
            {
                ctx.Report(Codes.WrongArgumentCount, arg.Span, $"expected at most {parameters.Length} arguments for {name}, found {f.Call.Arguments.Count}",
                    $"{name}({string.Join(", ", parameters)})");
            }
        }
        var required = parameters.Where(p => p != "OFFSET").ToList();
        var missing = required.FirstOrDefault(p => !args.ContainsKey(p));
        if (missing is not null)
        {
            ctx.Report(Codes.WrongArgumentCount, f.Call.Span, $"{name} needs a {missing} argument", $"{name}(TABLE t, DESCRIPTOR(ts), {string.Join(", ", required.Skip(2).Select(p => p.ToLowerInvariant()))})");
            return Empty();
        }
        if (args["DATA"] is not S.TableArgument tableArg)
        {
            ctx.Report(Codes.TypeMismatch, args["DATA"].Span, $"expected TABLE name as the first argument of {name}", $"{name}(TABLE t, DESCRIPTOR(ts), ...)");
            return Empty();
        }
        var data = BindNamed(new S.NamedTableRef(tableArg.Table, default, null, null, tableArg.Span));
        if (args["TIMECOL"] is not S.DescriptorExpr { Columns.Count: 1 } descriptor)
        {
            ctx.Report(Codes.TypeMismatch, args["TIMECOL"].Span, $"expected DESCRIPTOR(time_column) as the second argument of {name}");
            return Empty();
        }
        var timeName = descriptor.Columns[0].Value;
        var timeIndex = -1;
        for (var i = 0; i < data.Scope.Count; i++)
        {
            if (string.Equals(data.Scope.Columns[i].Name, timeName, StringComparison.OrdinalIgnoreCase)) { timeIndex = i; break; }
        }
        if (timeIndex < 0)
        {
            ctx.Report(Codes.UnknownColumn, descriptor.Columns[0].Span, $"unknown column '{timeName}' in DESCRIPTOR",
                Util.Suggestions.DidYouMean(timeName, data.Scope.Columns.Select(c => c.Name)));
            return Empty();
        }
        var timeType = data.Plan.Schema[timeIndex].Type;
        if (!CheckTimeAttribute(timeType, timeName, descriptor.Columns[0].Span)) return Empty();
        var proc = timeType.TimeAttribute == TimeAttribute.Proctime;
        long Duration(string parameter) => args.TryGetValue(parameter, out var e) ? EvalDuration(e, parameter, parameter != "OFFSET") : 0;
        WindowSpec window = name switch
        {
            "TUMBLE" => new TumbleWindow(timeIndex, proc, Duration("SIZE"), Duration("OFFSET")),
            "HOP" => new HopWindow(timeIndex, proc, Duration("SLIDE"), Duration("SIZE")),
            _ => new CumulateWindow(timeIndex, proc, Duration("STEP"), Duration("SIZE")),
        };
        if (window is HopWindow { SlideMs: > 0, SizeMs: > 0 } hop && hop.SizeMs % hop.SlideMs != 0)
        {
            ctx.Report(Codes.NonPositiveDuration, f.Call.Span, $"expected the HOP size to be a multiple of its slide, found slide {hop.SlideMs} ms and size {hop.SizeMs} ms");
        }
        if (window is CumulateWindow { StepMs: > 0, SizeMs: > 0 } cumulate && cumulate.SizeMs % cumulate.StepMs != 0)
        {
            ctx.Report(Codes.NonPositiveDuration, f.Call.Span, $"expected the CUMULATE size to be a multiple of its step, found step {cumulate.StepMs} ms and size {cumulate.SizeMs} ms");
        }
        var tvf = WindowTvf(data.Plan, window, timeType);
        var qualifier = f.Alias?.Name.Value ?? data.Scope.Columns.FirstOrDefault()?.Qualifier;
        var scope = new Scope([.. data.Scope.Columns.Select(c => c with { Qualifier = qualifier }),
            .. tvf.Schema.Fields.Skip(data.Scope.Count).Select(w => new ScopeColumn(qualifier, w.Name, w.Type))]);
        return new BoundRelation(tvf, scope);
    }

    private static LogicalWindowTableFunction WindowTvf(LogicalNode input, WindowSpec window, SqlType timeType, string prefix = "")
    {
        var windowTime = window.ProcTime
            ? SqlType.TimestampLtz(3).WithNullable(false) with { TimeAttribute = TimeAttribute.Proctime }
            : (timeType.Kind == SqlTypeKind.TimestampLtz ? SqlType.TimestampLtz(3) : SqlType.Timestamp(3)).WithNullable(false) with { TimeAttribute = TimeAttribute.Rowtime };
        var schema = input.Schema.Concat(new RowSchema([
            new RowField(prefix + "window_start", WindowBound), new RowField(prefix + "window_end", WindowBound), new RowField(prefix + "window_time", windowTime)]));
        return new LogicalWindowTableFunction(input, window, schema);
    }

    private bool CheckTimeAttribute(SqlType type, string column, SourceSpan span)
    {
        if (type.TimeAttribute != TimeAttribute.None) return true;
        ctx.Report(Codes.NotATimeAttribute, span, $"expected a time attribute for the window, found '{column}' of type {type}",
            type.IsTimestamp
                ? $"declare `WATERMARK FOR {column} AS {column} - INTERVAL '5' SECOND` on the table, or use a column defined AS PROCTIME()"
                : "windows need an event-time (WATERMARK) or processing-time (AS PROCTIME()) column");
        return false;
    }

    /// <summary>Evaluates a constant INTERVAL argument to milliseconds, reporting non-constant or non-positive values.</summary>
    private long EvalDuration(S.Expr expr, string what, bool positive)
    {
        var bound = new ExpressionBinder(ctx, Scope.Empty) { AggregatesForbiddenIn = what }.Bind(expr);
        if (bound is not Literal { Value: long ms, Type.Kind: SqlTypeKind.IntervalDayTime })
        {
            if (bound.Type.Kind != SqlTypeKind.Null || bound is not Literal)
            {
                ctx.Report(Codes.TypeMismatch, expr.Span, $"expected a constant day-time INTERVAL for {what}, found {bound.Type}", "e.g. INTERVAL '10' SECOND");
            }
            return 0;
        }
        if (positive ? ms <= 0 : ms < 0)
        {
            ctx.Report(Codes.NonPositiveDuration, expr.Span, $"expected a positive {what}, found {Explain.ExprPrinter.Duration(ms)}");
        }
        return ms;
    }

    /// <summary>Binds <c>TUMBLE(ts, size)</c>, <c>HOP(ts, slide, size)</c>, <c>SESSION(ts, gap)</c>, <c>CUMULATE(ts, step, size)</c> in GROUP BY.</summary>
    private WindowSpec? BindGroupWindow(S.FunctionCall call, Scope scope, LogicalNode plan)
    {
        var name = call.Name.ToString().ToUpperInvariant();
        var expected = name switch { "TUMBLE" => 2, "HOP" => 3, "SESSION" => 2, _ => 3 };
        if (call.Arguments.Count < expected || call.Arguments.Count > expected + (name == "TUMBLE" ? 1 : 0))
        {
            ctx.Report(Codes.WrongArgumentCount, call.Span, $"expected {expected} arguments for the group window {name}, found {call.Arguments.Count}",
                name switch { "TUMBLE" => "TUMBLE(ts, size)", "HOP" => "HOP(ts, slide, size)", "SESSION" => "SESSION(ts, gap)", _ => "CUMULATE(ts, step, size)" });
            return null;
        }
        var time = new ExpressionBinder(ctx, scope) { AggregatesForbiddenIn = "GROUP BY" }.Bind(call.Arguments[0]);
        if (time is not InputRef timeRef)
        {
            if (time.Type.Kind != SqlTypeKind.Null)
            {
                ctx.Report(Codes.NotATimeAttribute, call.Arguments[0].Span, $"expected a time attribute column as the first argument of {name}, found an expression of type {time.Type}");
            }
            return null;
        }
        if (!CheckTimeAttribute(plan.Schema[timeRef.Index].Type, scope.Columns[timeRef.Index].Name, call.Arguments[0].Span)) return null;
        var proc = plan.Schema[timeRef.Index].Type.TimeAttribute == TimeAttribute.Proctime;
        return name switch
        {
            "TUMBLE" => new TumbleWindow(timeRef.Index, proc, EvalDuration(call.Arguments[1], "window size", true),
                call.Arguments.Count > 2 ? EvalDuration(call.Arguments[2], "window offset", false) : 0),
            "HOP" => new HopWindow(timeRef.Index, proc, EvalDuration(call.Arguments[1], "window slide", true), EvalDuration(call.Arguments[2], "window size", true)),
            "SESSION" => new SessionWindow(timeRef.Index, proc, EvalDuration(call.Arguments[1], "session gap", true)),
            _ => new CumulateWindow(timeRef.Index, proc, EvalDuration(call.Arguments[1], "window step", true), EvalDuration(call.Arguments[2], "window size", true)),
        };
    }
}
