using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>Every Nexmark query and the Nexmark DDL (read from ../shared/nexmark) parse cleanly and round-trip.</summary>
public sealed class NexmarkCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestSupport.NexmarkDirectory, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void NexmarkFile_ParsesWithoutDiagnostics_AndRoundTrips(string fileName)
    {
        var text = TestSupport.SubstituteNexmark(File.ReadAllText(Path.Combine(TestSupport.NexmarkDirectory, fileName)));
        var result = TestSupport.ParseClean(text, fileName);
        Assert.NotEmpty(result.Script.Statements);
        TestSupport.AssertRoundTrip(text);
    }

    [Fact]
    public void NexmarkCorpus_HasTheExpectedFiles()
    {
        var names = Directory.GetFiles(TestSupport.NexmarkDirectory, "*.sql").Select(Path.GetFileName).ToArray();
        Assert.Contains("ddl.sql", names);
        Assert.Contains("q5.sql", names);
        Assert.True(names.Length >= 7);
    }

    [Fact]
    public void NexmarkDdl_DatagenTable_HasRowColumnsComputedColumnAndWatermark()
    {
        var text = TestSupport.SubstituteNexmark(File.ReadAllText(Path.Combine(TestSupport.NexmarkDirectory, "ddl.sql")));
        var script = TestSupport.ParseClean(text).Script;
        var table = Assert.IsType<CreateTableStatement>(script.Statements[0]);
        Assert.Equal("datagen", table.Name.ToString());
        Assert.Equal(5, table.Columns.Count);
        var person = Assert.IsType<PhysicalColumn>(table.Columns[1]);
        var row = Assert.IsType<RowType>(person.Type);
        Assert.Equal(8, row.Fields.Count);
        Assert.Equal("dateTime", row.Fields[6].Name.Value);
        Assert.Equal(new ScalarType(ScalarTypeKind.Timestamp, 3, null, false, default), row.Fields[6].Type);
        var computed = Assert.IsType<ComputedColumn>(table.Columns[4]);
        Assert.IsType<CaseExpr>(computed.Expression);
        Assert.NotNull(table.Watermark);
        Assert.Equal("dateTime", table.Watermark!.Column.Value);
        Assert.Contains(table.Options, o => o.Key == "connector" && o.Value == "nexmark");
        Assert.Contains(table.Options, o => o.Key == "first-event.rate" && o.Value == "10000");
        Assert.Equal(4, script.Statements.Count);
    }
}
