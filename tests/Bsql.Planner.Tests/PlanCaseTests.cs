using System.Text.RegularExpressions;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Explain;
using Bsql.Planner.Serialization;

namespace Bsql.Planner.Tests;

/// <summary>
/// Every <c>cases/*.sql</c> job: a positive case must compile, match its golden optimized and physical EXPLAIN
/// (<c>name.optimized.txt</c>, <c>name.physical.txt</c>) and round-trip through plan JSON; a case whose first line is
/// <c>-- fail: BSQL2004 @ 3:15</c> must report that code at that line and column. A sibling <c>name.catalog.yaml</c>
/// is passed as a catalog file.
/// </summary>
public partial class PlanCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Cases, "*.sql").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    public static TheoryData<string> NexmarkQueries()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Nexmark, "q*.sql").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [GeneratedRegex(@"^--\s*fail:\s*(BSQL\d{4})\s*@\s*(\d+):(\d+)")]
    private static partial Regex FailHeader();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var path = Path.Combine(RepoPaths.Cases, name + ".sql");
        var text = File.ReadAllText(path);
        var catalog = Path.Combine(RepoPaths.Cases, name + ".catalog.yaml");
        var options = new CompileOptions { CatalogFiles = File.Exists(catalog) ? [catalog] : [] };
        var result = BsqlCompiler.Compile(text, path, options);
        var header = FailHeader().Match(text);
        if (header.Success)
        {
            var (code, line, column) = (header.Groups[1].Value, int.Parse(header.Groups[2].Value), int.Parse(header.Groups[3].Value));
            var rendered = DiagnosticFormatter.FormatAll(result.Diagnostics);
            Assert.True(result.Diagnostics.Any(d => d.Code == code && d.Position == new LinePosition(line, column)),
                $"expected {code} at {line}:{column}, got:\n{rendered}");
            Assert.False(result.Success);
            return;
        }
        AssertPositive(result, Path.Combine(RepoPaths.Cases, name));
    }

    [Theory]
    [MemberData(nameof(NexmarkQueries))]
    public void Nexmark(string query)
    {
        var result = BsqlCompiler.Compile(RepoPaths.NexmarkJob(query), $"nexmark/{query}.sql");
        AssertPositive(result, Path.Combine(RepoPaths.Cases, "nexmark", query));
    }

    /// <summary>Every sample job of the repository (samples/*/job.sql and samples/ci-validation/jobs/*.sql).</summary>
    public static TheoryData<string> SampleJobs()
    {
        var data = new TheoryData<string>();
        var samples = Path.Combine(RepoPaths.Root, "samples");
        foreach (var job in Directory.EnumerateFiles(samples, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (job.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            data.Add(Path.GetRelativePath(samples, job).Replace(Path.DirectorySeparatorChar, '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleJobs))]
    public void SampleJob(string job)
    {
        var path = Path.Combine(RepoPaths.Root, "samples", job);
        // The ci-validation jobs use the platform catalog of their sample, as its own test does.
        var catalog = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, "catalog", "platform.yaml");
        var options = new CompileOptions { CatalogFiles = File.Exists(catalog) ? [catalog] : [] };
        var result = BsqlCompiler.CompileFile(path, options);
        var golden = Path.Combine(RepoPaths.Cases, "samples", job.Replace('/', '_').Replace(".sql", "", StringComparison.Ordinal));
        AssertPositive(result, golden);
    }

    internal static void AssertPositive(CompilationResult result, string goldenBase)
    {
        Assert.True(result.Success, DiagnosticFormatter.FormatAll(result.Diagnostics));
        Assert.NotNull(result.Plan);
        Golden.Check(goldenBase + ".optimized.txt", ExplainRenderer.Render(result, ExplainStage.Optimized, ExplainFormatKind.Text));
        Golden.Check(goldenBase + ".physical.txt", ExplainRenderer.Render(result, ExplainStage.Physical, ExplainFormatKind.Text));
        var json = PlanSerializer.Serialize(result.Plan!);
        var back = PlanSerializer.Deserialize(json);
        Assert.Equal(result.Plan, back);
        Assert.Equal(json, PlanSerializer.Serialize(back));
    }
}
