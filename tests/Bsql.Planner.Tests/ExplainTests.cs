using Bsql.Planner.Explain;

namespace Bsql.Planner.Tests;

public class ExplainTests
{
    private const string Job = """
        CREATE TABLE s (a INT, b STRING) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'k:1', 'format' = 'json',
          'properties.sasl.jaas.config' = 'secret-jaas', 'properties.ssl.truststore.location' = '${file:/run/ts}');
        CREATE TABLE o (a INT, b STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = '${env:DB_URL}', 'table-name' = 'o', 'password' = 'hunter2');
        INSERT INTO o SELECT a, b FROM s WHERE a > 10;
        """;

    public static TheoryData<ExplainStage, ExplainFormatKind> Everything()
    {
        var data = new TheoryData<ExplainStage, ExplainFormatKind>();
        foreach (var stage in Enum.GetValues<ExplainStage>())
        {
            foreach (var format in Enum.GetValues<ExplainFormatKind>()) data.Add(stage, format);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public void EveryStageAndFormat_RedactsSecrets(ExplainStage stage, ExplainFormatKind format)
    {
        var result = BsqlCompiler.Compile(Job, "job.sql");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var text = ExplainRenderer.Render(result, stage, format);
        Assert.NotEmpty(text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("secret-jaas", text);
        Assert.DoesNotContain("${env:DB_URL}", text);
        Assert.DoesNotContain("${file:/run/ts}", text);
        if (stage is ExplainStage.Logical or ExplainStage.Optimized or ExplainStage.Physical && format != ExplainFormatKind.Dot) Assert.Contains("******", text);
    }

    [Fact]
    public void CompiledPlanKeepsReferencesForTheRuntime()
    {
        var plan = BsqlCompiler.Compile(Job, "job.sql").Plan!;
        var json = Serialization.PlanSerializer.Serialize(plan);
        Assert.Contains("${env:DB_URL}", json);
    }

    [Fact]
    public void PhysicalText_ShowsEdgesParallelismAndChangelog()
    {
        var result = BsqlCompiler.Compile("SET 'parallelism.default' = '3';\n" + Job.Replace("SELECT a, b FROM s WHERE a > 10", "SELECT a, MAX(b) FROM s WHERE a > 10 GROUP BY a", StringComparison.Ordinal), "job.sql");
        var text = ExplainRenderer.Render(result, ExplainStage.Physical, ExplainFormatKind.Text);
        Assert.Contains("== Physical Plan == job=[job], parallelism=[3], operators=[4]", text);
        Assert.Contains("+- [HASH(a)] #2 GroupAggregate(groupBy=[a], select=[a, MAX(b) AS EXPR$1]), parallelism=3, changelog=Retract", text);
        Assert.Contains("+- [HASH(a)] #1 Calc(select=[a, b], where=[(a > 10)]), parallelism=3, changelog=InsertOnly", text);
    }

    [Fact]
    public void Dot_HasOneNodePerOperatorAndOneArrowPerEdge()
    {
        var plan = BsqlCompiler.Compile(Job, "job.sql").Plan!;
        var dot = ExplainRenderer.ToDot(plan);
        Assert.StartsWith("digraph bsql {", dot);
        Assert.Equal(plan.Operators.Length, dot.Split('\n').Count(l => l.Contains("[label=\"#", StringComparison.Ordinal)));
        Assert.Equal(plan.Edges.Length, dot.Split('\n').Count(l => l.Contains(" -> ", StringComparison.Ordinal)));
    }
}
