using Bsql.Planner.Jobs;

namespace Bsql.Planner.Tests;

public class DescriptorTests
{
    private const string Sql = """
        SET 'parallelism.default' = '4';
        CREATE TABLE feed (req_id STRING, scene STRING, ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH ('connector' = 'kafka', 'topic' = 'feed', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
        CREATE TABLE click (req_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH ('connector' = 'kafka', 'topic' = 'click', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
        CREATE TABLE samples (req_id STRING, label INT, PRIMARY KEY (req_id) NOT ENFORCED) WITH ('connector' = 'print');
        INSERT INTO samples
        SELECT f.req_id, IF(c.req_id IS NULL, 0, 1) FROM feed f LEFT 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id WHERE f.scene = 'home';
        """;

    private const string Json = """
        {
          "name": "home-feed-samples",
          "config": { "parallelism.default": "4" },
          "tables": [
            { "name": "feed",
              "schema": [ {"name": "req_id", "type": "STRING"}, {"name": "scene", "type": "STRING"}, {"name": "ts", "type": "TIMESTAMP(3)"},
                          {"name": "proc", "expr": "PROCTIME()"} ],
              "watermark": { "column": "ts", "delay": "5s" },
              "with": { "connector": "kafka", "topic": "feed", "properties.bootstrap.servers": "k:9092", "format": "json" } },
            { "name": "click",
              "schema": [ {"name": "req_id", "type": "STRING"}, {"name": "ts", "type": "TIMESTAMP(3)"} ],
              "watermark": { "column": "ts", "expression": "ts - INTERVAL '5' SECOND" },
              "with": { "connector": "kafka", "topic": "click", "properties.bootstrap.servers": "k:9092", "format": "json" } },
            { "name": "samples", "schema": [ {"name": "req_id", "type": "STRING"}, {"name": "label", "type": "INT"} ],
              "primaryKey": ["req_id"], "with": { "connector": "print" } }
          ],
          "statements": [
            "INSERT INTO samples SELECT f.req_id, IF(c.req_id IS NULL, 0, 1) FROM feed f LEFT 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id WHERE f.scene = 'home'"
          ]
        }
        """;

    [Fact]
    public void DescriptorAndEquivalentSql_CompileToTheSamePlan()
    {
        var fromSql = BsqlCompiler.Compile(Sql, "job.sql", new CompileOptions { JobName = "home-feed-samples" });
        var fromJson = BsqlCompiler.Compile(Json, "job.json");
        Assert.True(fromSql.Success, string.Join("\n", fromSql.Diagnostics));
        Assert.True(fromJson.Success, string.Join("\n", fromJson.Diagnostics));
        Assert.Equal(fromSql.Plan, fromJson.Plan);
        Assert.Equal(4, fromJson.Plan!.Options.Parallelism);
        Assert.Equal("home-feed-samples", fromJson.Plan.JobName);
    }

    [Fact]
    public void Descriptor_IsDetectedByContentWithoutAnExtension()
    {
        Assert.True(BsqlCompiler.IsDescriptor("  {\"statements\": []}", null));
        Assert.False(BsqlCompiler.IsDescriptor("SELECT 1", null));
        Assert.True(BsqlCompiler.IsDescriptor("SELECT 1", "job.json"));
    }

    [Fact]
    public void Descriptor_StructuralErrorsAreDiagnostics()
    {
        var result = BsqlCompiler.Compile("""{ "tables": [ { "name": "t", "schema": [ {"name": "a"} ] } ], "statement": [] }""", "bad.json");
        Assert.False(result.Success);
        Assert.Contains(result.Diagnostics, d => d.Code == "BSQL2037" && d.Message == "$.tables[0].schema[0]: expected exactly one of 'type' or 'expr'");
        Assert.Contains(result.Diagnostics, d => d.Code == "BSQL2037" && d.Message.StartsWith("$.statement: unknown descriptor key", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Code == "BSQL2037" && d.Message == "$: missing 'statements'");
    }

    [Fact]
    public void Descriptor_MalformedJsonPointsAtTheProblem()
    {
        var d = Assert.Single(BsqlCompiler.Compile("{\n  \"name\": \"x\",\n  \"statements\": [ \"a\" \n}", "bad.json").Diagnostics);
        Assert.Equal("BSQL2037", d.Code);
        Assert.Equal(4, d.Position!.Value.Line);
    }

    [Fact]
    public void Schema_IsValidJsonNamingEveryDescriptorKey()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(JobDescriptorSchema.Text);
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var key in new[] { "name", "config", "tables", "views", "functions", "statements" }) Assert.Contains(key, properties);
    }
}
