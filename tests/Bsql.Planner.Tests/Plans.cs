using Bsql.Parser;
using Bsql.Planner.Binding;
using Bsql.Planner.Catalog;
using Bsql.Planner.Explain;
using Bsql.Planner.Logical;
using Bsql.Planner.Rules;

namespace Bsql.Planner.Tests;

/// <summary>Binding and rule helpers for the rule tests.</summary>
internal static class Plans
{
    public static BoundJob BindJob(string sql)
    {
        var parse = BsqlParser.Parse(sql, "test.sql");
        Assert.False(parse.HasErrors, string.Join("\n", parse.Diagnostics));
        var job = JobBinder.Bind(parse.Script, parse.Source, new SqlCatalog(), "test");
        Assert.DoesNotContain(job.Diagnostics, d => d.IsError);
        return job;
    }

    /// <summary>The bound plan of the job's only sink.</summary>
    public static LogicalNode Bind(string sql) => Assert.Single(BindJob(sql).Sinks);

    /// <summary>Applies the rules to a fixpoint (one phase) and returns the new plan.</summary>
    public static LogicalNode Apply(LogicalNode plan, params IRewriteRule[] rules) => Apply(plan, new RuleContext(), rules);

    public static LogicalNode Apply(LogicalNode plan, RuleContext context, params IRewriteRule[] rules) =>
        Optimizer.Optimize(plan, context, [rules]);

    /// <summary>The plan's tree text without connector options (shorter expectations).</summary>
    public static string Tree(LogicalNode plan) => Text(plan, n => n.ExplainLine());

    private static string Text(LogicalNode node, Func<LogicalNode, string> line, string indent = "")
    {
        var text = indent + line(node) + "\n";
        foreach (var input in node.Inputs) text += Text(input, line, indent + "  ");
        return text;
    }

    /// <summary>True when the tree contains a node of type <typeparamref name="T"/>.</summary>
    public static int Count<T>(LogicalNode node) where T : LogicalNode =>
        (node is T ? 1 : 0) + node.Inputs.Sum(Count<T>);

    public static T Find<T>(LogicalNode node) where T : LogicalNode =>
        node as T ?? node.Inputs.Select(Find<T>).FirstOrDefault(n => n is not null)!;

    public static string Explain(LogicalNode node) => ExplainRenderer.RenderLogical([node]);

    public const string Events = """
        CREATE TABLE ev (k BIGINT, v STRING, n INT, ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
        WITH ('connector' = 'datagen');
        CREATE TABLE ev2 (k BIGINT, w STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
        CREATE TABLE dim (k BIGINT, name STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'dim');
        CREATE TABLE out_k (k BIGINT) WITH ('connector' = 'print');
        CREATE TABLE out_kv (k BIGINT, v STRING) WITH ('connector' = 'print');
        CREATE TABLE out_kn (k BIGINT, n BIGINT) WITH ('connector' = 'print');

        """;
}
