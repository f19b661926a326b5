using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Types;

namespace Bsql.Planner.Tests;

public class CatalogTests
{
    private const string Yaml = """
        databases:
          - name: ods
            tables:
              - name: feed
                columns:
                  - { name: id, type: BIGINT NOT NULL }
                  - { name: tags, type: "ARRAY<STRING>" }
                  - { name: ts, type: TIMESTAMP(3) }
                watermark: { column: ts, delay: 2s }
                primary-key: [id]
                with: { connector: datagen }
        tables:
          - name: sink1
            columns:
              - { name: id, type: BIGINT }
            with: { connector: print }
        """;

    [Fact]
    public void Yaml_LoadsDatabasesTablesTypesAndWatermarks()
    {
        var catalog = new SqlCatalog();
        Assert.Empty(YamlCatalogLoader.Load(Yaml, "cat.yaml", catalog));
        var feed = catalog.FindTable("ODS.Feed")!;
        Assert.Equal(SqlType.BigInt.WithNullable(false), feed.Columns[0].Type);
        Assert.Equal(SqlType.Array(SqlType.String), feed.Columns[1].Type);
        Assert.Equal("ts", feed.Watermark!.Column);
        Assert.Equal(["id"], feed.PrimaryKey.ToArray());
        Assert.NotNull(catalog.FindTable("default_catalog.default_database.sink1"));
    }

    [Fact]
    public void Yaml_TableIsUsableWithoutDdl()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "cat.yaml");
            File.WriteAllText(path, Yaml);
            var result = BsqlCompiler.Compile("INSERT INTO sink1 SELECT id FROM ods.feed WHERE id > 3;", "job.sql", new CompileOptions { CatalogFiles = [path] });
            Assert.True(result.Success, DiagnosticFormatter.FormatAll(result.Diagnostics));
            Assert.Contains("watermark=[ts, (ts - INTERVAL '2' SECOND)]", result.Plan!.Operators[0].Name);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Yaml_BadTypePointsIntoTheFile()
    {
        var yaml = "tables:\n  - name: t\n    columns:\n      - { name: a, type: BIGNUM }\n    with: { connector: print }\n";
        var diagnostics = YamlCatalogLoader.Load(yaml, "cat.yaml", new SqlCatalog());
        var d = Assert.Single(diagnostics);
        Assert.StartsWith("BSQL1", d.Code);
        Assert.Equal(new LinePosition(4, 26), d.Position);
        Assert.Equal("cat.yaml", d.Source!.FileName);
    }

    [Fact]
    public void Yaml_UnknownKeysAndMissingNamesAreReportedWithPositions()
    {
        var yaml = "tables:\n  - name: t\n    colums: []\n  - columns: []\n";
        var diagnostics = YamlCatalogLoader.Load(yaml, "cat.yaml", new SqlCatalog());
        Assert.Contains(diagnostics, d => d.Code == "BSQL2026" && d.Message == "unknown table key 'colums'" && d.Position == new LinePosition(3, 5));
        Assert.Contains(diagnostics, d => d.Code == "BSQL2026" && d.Message == "missing 'name'" && d.Position == new LinePosition(4, 5));
    }

    [Fact]
    public void Yaml_InvalidYamlIsADiagnosticNotAnException()
    {
        var d = Assert.Single(YamlCatalogLoader.Load("tables: [\n  - {", "cat.yaml", new SqlCatalog()));
        Assert.Equal("BSQL2026", d.Code);
        Assert.StartsWith("invalid YAML", d.Message);
    }

    [Fact]
    public void Yaml_ComputedColumnErrorsPointIntoTheFile()
    {
        var yaml = "tables:\n  - name: t\n    columns:\n      - { name: a, type: INT }\n      - { name: b, expr: 'a + nope' }\n    with: { connector: datagen }\n";
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, yaml);
            var result = BsqlCompiler.Compile("SELECT b FROM t;", "job.sql", new CompileOptions { CatalogFiles = [path] });
            var d = Assert.Single(result.Errors);
            Assert.Equal("BSQL2002", d.Code);
            Assert.Equal(new LinePosition(5, 31), d.Position);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
