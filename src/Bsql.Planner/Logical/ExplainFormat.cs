using System.Collections.Immutable;
using System.Globalization;
using Bsql.Planner.Explain;
using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Planner.Logical;

/// <summary>Shared pieces of EXPLAIN lines (column lists, aggregate calls, windows).</summary>
public static class ExplainFormat
{
    /// <summary><c>a, b, c</c>.</summary>
    public static string Names(RowSchema schema) => string.Join(", ", schema.Fields.Select(f => f.Name));

    /// <summary>The names of the given columns of <paramref name="schema"/>.</summary>
    public static string Columns(RowSchema schema, ImmutableArray<int> indices) =>
        string.Join(", ", indices.Select(i => i < schema.Count ? schema[i].Name : "$" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary><c>expr AS name</c> list of a projection.</summary>
    public static string Projection(ImmutableArray<BoundExpr> exprs, RowSchema input, RowSchema output)
    {
        var parts = new List<string>();
        for (var i = 0; i < exprs.Length; i++)
        {
            var text = ExprPrinter.Print(exprs[i], input);
            parts.Add(text == output[i].Name || (exprs[i] is InputRef && text.Trim('`') == output[i].Name) ? text : $"{text} AS {output[i].Name}");
        }
        return string.Join(", ", parts);
    }

    /// <summary><c>COUNT(DISTINCT a) FILTER (WHERE f) AS c</c>.</summary>
    public static string Aggregate(AggregateCall call, RowSchema input)
    {
        var name = call.Function switch
        {
            AggregateFunction.CountStar when call.Args.IsEmpty => "COUNT(*)",
            _ => FunctionName(call.Function) + "(" + (call.Distinct ? "DISTINCT " : "") + Columns(input, call.Args) + ")",
        };
        if (call.FilterIndex >= 0) name += $" FILTER (WHERE {Columns(input, [call.FilterIndex])})";
        return $"{name} AS {call.Name}";
    }

    /// <summary>The SQL name of an aggregate function.</summary>
    public static string FunctionName(AggregateFunction function) => function switch
    {
        AggregateFunction.CountStar or AggregateFunction.Count => "COUNT",
        AggregateFunction.Sum => "SUM",
        AggregateFunction.Sum0 => "$SUM0",
        AggregateFunction.Avg => "AVG",
        AggregateFunction.Min => "MIN",
        AggregateFunction.Max => "MAX",
        AggregateFunction.FirstValue => "FIRST_VALUE",
        AggregateFunction.LastValue => "LAST_VALUE",
        AggregateFunction.ListAgg => "LISTAGG",
        AggregateFunction.ApproxCountDistinct => "APPROX_COUNT_DISTINCT",
        _ => function.ToString().ToUpperInvariant(),
    };

    /// <summary><c>TUMBLE(time_col=[ts], size=[INTERVAL '1' MINUTE])</c>.</summary>
    public static string Window(WindowSpec window, RowSchema input)
    {
        var time = window.TimeIndex >= 0 && window.TimeIndex < input.Count ? input[window.TimeIndex].Name : "$" + window.TimeIndex;
        return window switch
        {
            TumbleWindow t => $"TUMBLE(time_col=[{time}], size=[{ExprPrinter.Duration(t.SizeMs)}]{(t.OffsetMs != 0 ? $", offset=[{ExprPrinter.Duration(t.OffsetMs)}]" : "")})",
            HopWindow h => $"HOP(time_col=[{time}], slide=[{ExprPrinter.Duration(h.SlideMs)}], size=[{ExprPrinter.Duration(h.SizeMs)}])",
            CumulateWindow c => $"CUMULATE(time_col=[{time}], step=[{ExprPrinter.Duration(c.StepMs)}], size=[{ExprPrinter.Duration(c.SizeMs)}])",
            SessionWindow s => $"SESSION(time_col=[{time}], gap=[{ExprPrinter.Duration(s.GapMs)}])",
            AttachedWindow a => $"ATTACHED(start=[{input[a.StartIndex].Name}], end=[{input[a.EndIndex].Name}])",
            _ => window.ToString(),
        };
    }

    /// <summary><c>InnerJoin</c> / <c>LeftOuterJoin</c>, as Flink names join types.</summary>
    public static string JoinType(JoinType type) => type switch
    {
        Physical.JoinType.Inner => "InnerJoin",
        Physical.JoinType.Left => "LeftOuterJoin",
        Physical.JoinType.Right => "RightOuterJoin",
        _ => "FullOuterJoin",
    };
}
