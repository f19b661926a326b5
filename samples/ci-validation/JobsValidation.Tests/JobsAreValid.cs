using Bsql.Parser.Diagnostics;
using Bsql.Planner;

namespace JobsValidation.Tests;

/// <summary>
/// Fails the build of this repository when any job under jobs/ does not compile against the
/// platform's catalog: the same checks as <c>bsql validate</c>, as a plain xunit test.
/// </summary>
public class JobsAreValid
{
    private static readonly string SampleRoot = FindSampleRoot();

    public static TheoryData<string> Jobs()
    {
        var data = new TheoryData<string>();
        foreach (var job in Directory.EnumerateFiles(Path.Combine(SampleRoot, "jobs"), "*.sql").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(job));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public void Job_CompilesAgainstThePlatformCatalog(string job)
    {
        var path = Path.Combine(SampleRoot, "jobs", job);
        var options = new CompileOptions { CatalogFiles = [Path.Combine(SampleRoot, "catalog", "platform.yaml")] };

        var result = BsqlCompiler.CompileFile(path, options);

        Assert.True(result.Success, DiagnosticFormatter.FormatAll(result.Diagnostics, result.Parse?.Source));
        Assert.NotNull(result.Plan);
    }

    [Fact]
    public void ABrokenJob_IsReportedWithItsLineAndColumn()
    {
        const string broken = "INSERT INTO dw.samples SELECT req_id, item_id, ts, lable FROM ods.feed;";
        var options = new CompileOptions { CatalogFiles = [Path.Combine(SampleRoot, "catalog", "platform.yaml")] };

        var result = BsqlCompiler.Compile(broken, "broken.sql", options);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BSQL2", error.Code, StringComparison.Ordinal);
        Assert.Contains("broken.sql:1:52: error", DiagnosticFormatter.FormatAll(result.Diagnostics, result.Parse?.Source), StringComparison.Ordinal);
    }

    private static string FindSampleRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "jobs")) && Directory.Exists(Path.Combine(dir.FullName, "catalog"))) return dir.FullName;
        }
        throw new InvalidOperationException("the sample's jobs/ and catalog/ folders were not found");
    }
}
