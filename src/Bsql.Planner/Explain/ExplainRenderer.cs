using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bsql.Parser.Printing;
using Bsql.Planner.Catalog.Connectors;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Serialization;

namespace Bsql.Planner.Explain;

/// <summary>
/// Renders each compilation stage for <c>bsql explain</c>: indented trees like Flink's
/// (<c>Calc(select=[a, b], where=[(c &gt; 10)])</c> with <c>+-</c> branches), Graphviz DOT, or JSON. Connector option
/// values that are secrets or <c>${env:..}</c>/<c>${file:..}</c> references are always redacted.
/// </summary>
public static class ExplainRenderer
{
    /// <summary>Renders <paramref name="stage"/> of <paramref name="result"/>.</summary>
    public static string Render(CompilationResult result, ExplainStage stage, ExplainFormatKind format)
    {
        switch (stage)
        {
            case ExplainStage.Ast:
                if (result.Parse is null) return "";
                return format == ExplainFormatKind.Json
                    ? JsonSerializer.Serialize(result.Parse.Script.Statements.Select(s => RedactSql(SqlPrinter.Print(s))).ToArray(), PlanSerializer.Options) + "\n"
                    : string.Join("\n", result.Parse.Script.Statements.Select(s => RedactSql(SqlPrinter.Print(s)) + ";")) + "\n";
            case ExplainStage.Logical:
                return RenderLogical(result.Logical.Cast<LogicalNode>(), format);
            case ExplainStage.Optimized:
                return RenderLogical(result.Optimized, format);
            default:
                if (result.Plan is null) return "";
                return format switch
                {
                    ExplainFormatKind.Json => PlanSerializer.Serialize(Redact(result.Plan)) + "\n",
                    ExplainFormatKind.Dot => ToDot(result.Plan),
                    _ => RenderPhysical(result.Plan),
                };
        }
    }

    /// <summary>Logical plans as indented trees (or DOT / JSON lines).</summary>
    public static string RenderLogical(IEnumerable<LogicalNode> roots, ExplainFormatKind format = ExplainFormatKind.Text)
    {
        var list = roots.ToList();
        if (format == ExplainFormatKind.Json)
        {
            return JsonSerializer.Serialize(list.Select(r => Tree(r)).ToArray(), PlanSerializer.Options) + "\n";
        }
        if (format == ExplainFormatKind.Dot)
        {
            var dot = new StringBuilder("digraph logical {\n  node [shape=box, fontname=\"monospace\"];\n");
            var ids = new Dictionary<LogicalNode, int>(ReferenceEqualityComparer.Instance);
            int Id(LogicalNode n)
            {
                if (ids.TryGetValue(n, out var id)) return id;
                id = ids.Count;
                ids[n] = id;
                dot.Append("  n").Append(id).Append(" [label=\"").Append(DotEscape(Line(n))).Append("\"];\n");
                foreach (var input in n.Inputs) dot.Append("  n").Append(Id(input)).Append(" -> n").Append(id).Append(";\n");
                return id;
            }
            foreach (var root in list) Id(root);
            return dot.Append("}\n").ToString();
        }
        var text = new StringBuilder();
        foreach (var root in list)
        {
            AppendTree(text, root, "", "", n => Line(n), n => n.Inputs);
            text.Append('\n');
        }
        return text.ToString();
    }

    private static object Tree(LogicalNode node) => new { node = Line(node), inputs = node.Inputs.Select(Tree).ToArray() };

    private static string Line(LogicalNode node) => node switch
    {
        LogicalScan s => s.ExplainLine().TrimEnd(')') + $", options=[{PhysicalPlanner.ShowOptions(s.Connector)}])",
        LogicalSink s => s.ExplainLine().TrimEnd(')') + $", options=[{PhysicalPlanner.ShowOptions(s.Connector)}])",
        _ => node.ExplainLine(),
    };

    private static void AppendTree<T>(StringBuilder text, T node, string firstPrefix, string restPrefix, Func<T, string> line, Func<T, IReadOnlyList<T>> inputs)
    {
        text.Append(firstPrefix).Append(line(node)).Append('\n');
        var children = inputs(node);
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            AppendTree(text, children[i], restPrefix + (last ? "+- " : ":- "), restPrefix + (last ? "   " : ":  "), line, inputs);
        }
    }

    /// <summary>The physical DAG as a tree per sink; an operator shared by several consumers is expanded once.</summary>
    public static string RenderPhysical(PhysicalPlan plan)
    {
        var text = new StringBuilder();
        text.Append("== Physical Plan == job=[").Append(plan.JobName).Append("], parallelism=[")
            .Append(plan.Options.Parallelism.ToString(CultureInfo.InvariantCulture)).Append("], operators=[")
            .Append(plan.Operators.Length.ToString(CultureInfo.InvariantCulture)).Append("]\n");
        var printed = new HashSet<int>();
        var consumers = plan.Operators.ToDictionary(o => o.Id, o => plan.OutputsOf(o.Id).Count());
        foreach (var sink in plan.Operators.Where(o => consumers[o.Id] == 0))
        {
            AppendPhysical(text, plan, sink.Id, null, "", "", printed);
        }
        return text.ToString();
    }

    private static void AppendPhysical(StringBuilder text, PhysicalPlan plan, int id, PhysicalEdge? edge, string firstPrefix, string restPrefix, HashSet<int> printed)
    {
        var op = plan.Operator(id);
        text.Append(firstPrefix);
        if (edge is not null)
        {
            text.Append('[').Append(edge.Kind.ToString().ToUpperInvariant());
            if (!edge.Keys.IsEmpty) text.Append('(').Append(string.Join(", ", edge.Keys.Select(k => plan.Operator(edge.Source).Output[k].Name))).Append(')');
            text.Append("] ");
        }
        text.Append('#').Append(op.Id.ToString(CultureInfo.InvariantCulture)).Append(' ');
        if (!printed.Add(id))
        {
            text.Append("(reused) ").Append(ShortName(op)).Append('\n');
            return;
        }
        text.Append(OperatorLine(op)).Append(", parallelism=").Append(op.Parallelism.ToString(CultureInfo.InvariantCulture))
            .Append(", changelog=").Append(op.Changelog).Append('\n');
        var inputs = plan.InputsOf(id).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            var last = i == inputs.Count - 1;
            AppendPhysical(text, plan, inputs[i].Source, inputs[i], restPrefix + (last ? "+- " : ":- "), restPrefix + (last ? "   " : ":  "), printed);
        }
    }

    private static string ShortName(PhysicalOperator op)
    {
        var paren = op.Name.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? op.Name : op.Name[..paren];
    }

    private static string OperatorLine(PhysicalOperator op) => op.Spec switch
    {
        SourceSpec s => op.Name.TrimEnd(')') + $", options=[{PhysicalPlanner.ShowOptions(s.Connector)}])",
        SinkSpec s => op.Name.TrimEnd(')') + $", options=[{PhysicalPlanner.ShowOptions(s.Connector)}])",
        LookupJoinSpec l => op.Name.TrimEnd(')') + $", options=[{PhysicalPlanner.ShowOptions(l.Connector)}])",
        _ => op.Name,
    };

    /// <summary>Graphviz DOT of the physical DAG.</summary>
    public static string ToDot(PhysicalPlan plan)
    {
        var dot = new StringBuilder("digraph bsql {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n");
        foreach (var op in plan.Operators)
        {
            dot.Append("  op").Append(op.Id.ToString(CultureInfo.InvariantCulture)).Append(" [label=\"#").Append(op.Id.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(DotEscape(ShortName(op))).Append("\\nparallelism=").Append(op.Parallelism.ToString(CultureInfo.InvariantCulture)).Append("\"];\n");
        }
        foreach (var edge in plan.Edges)
        {
            var label = edge.Kind.ToString().ToUpperInvariant()
                + (edge.Keys.IsEmpty ? "" : "(" + string.Join(", ", edge.Keys.Select(k => plan.Operator(edge.Source).Output[k].Name)) + ")");
            dot.Append("  op").Append(edge.Source.ToString(CultureInfo.InvariantCulture)).Append(" -> op").Append(edge.Target.ToString(CultureInfo.InvariantCulture))
                .Append(" [label=\"").Append(DotEscape(label)).Append("\"];\n");
        }
        return dot.Append("}\n").ToString();
    }

    private static string DotEscape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>A copy of the plan with secret and <c>${...}</c> option values replaced by <see cref="OptionRedaction.Redacted"/>.</summary>
    public static PhysicalPlan Redact(PhysicalPlan plan)
    {
        static ConnectorSpec R(ConnectorSpec c) => c with
        {
            Options = c.Options.ToImmutableSortedDictionary(kv => kv.Key, kv => OptionRedaction.Show(kv.Key, kv.Value), StringComparer.Ordinal),
        };
        var operators = plan.Operators.Select(o => o with
        {
            Spec = o.Spec switch
            {
                SourceSpec s => s with { Connector = R(s.Connector) },
                SinkSpec s => s with { Connector = R(s.Connector) },
                LookupJoinSpec l => l with { Connector = R(l.Connector) },
                var s => s,
            },
        });
        return plan with { Operators = [.. operators], Options = plan.Options with { StateRedisUrl = plan.Options.StateRedisUrl is { } u && OptionValues.IsReference(u) ? OptionRedaction.Redacted : plan.Options.StateRedisUrl } };
    }

    private static string RedactSql(string sql)
    {
        // Option values written '${env:..}' or under a secret key are hidden in the printed AST too.
        var text = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var start = sql.IndexOf('\'', i);
            if (start < 0) { text.Append(sql, i, sql.Length - i); break; }
            var end = start + 1;
            while (end < sql.Length && !(sql[end] == '\'' && (end + 1 >= sql.Length || sql[end + 1] != '\''))) end += sql[end] == '\'' ? 2 : 1;
            var literal = sql[(start + 1)..Math.Min(end, sql.Length)];
            text.Append(sql, i, start - i);
            var previousKey = LastKey(text.ToString());
            text.Append('\'').Append(previousKey is not null && OptionRedaction.MustRedact(previousKey, literal.Replace("''", "'", StringComparison.Ordinal)) || OptionValues.IsReference(literal) ? OptionRedaction.Redacted : literal).Append('\'');
            i = Math.Min(end + 1, sql.Length);
        }
        return text.ToString();
    }

    private static string? LastKey(string before)
    {
        // Matches "'key' = " immediately before a value literal.
        var trimmed = before.TrimEnd();
        if (!trimmed.EndsWith('=')) return null;
        trimmed = trimmed[..^1].TrimEnd();
        if (!trimmed.EndsWith('\'')) return null;
        var open = trimmed.LastIndexOf('\'', trimmed.Length - 2);
        return open < 0 ? null : trimmed[(open + 1)..^1];
    }
}
