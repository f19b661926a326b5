using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>
/// The compatibility corpus (tests/Bsql.Parser.Tests/corpus/*.sql): Flink SQL DDL, DML, queries, functions,
/// window TVFs, joins and the BSQL extensions. Every file parses without diagnostics and every statement
/// round-trips through the printer.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestSupport.CorpusDirectory, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CorpusFile_ParsesWithoutDiagnostics_AndRoundTrips(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(TestSupport.CorpusDirectory, fileName));
        var result = TestSupport.ParseClean(text, fileName);
        Assert.NotEmpty(result.Script.Statements);

        // Whole file, then every statement on its own (so a failure names the statement).
        TestSupport.AssertRoundTrip(text);
        foreach (var statement in result.Script.Statements)
        {
            TestSupport.AssertRoundTrip(result.Source.GetText(statement.Span));
        }
    }

    [Fact]
    public void Corpus_HoldsAtLeast150Statements()
    {
        var count = Directory.GetFiles(TestSupport.CorpusDirectory, "*.sql")
            .Sum(f => TestSupport.ParseClean(File.ReadAllText(f)).Script.Statements.Count);
        Assert.True(count >= 150, $"corpus has only {count} statements");
    }

    [Fact]
    public void Corpus_CoversTheExtensions()
    {
        var text = File.ReadAllText(Path.Combine(TestSupport.CorpusDirectory, "extensions.sql"));
        var statements = TestSupport.ParseClean(text).Script.Statements;
        var insert = Assert.IsType<InsertStatement>(statements[0]);
        var select = Assert.IsType<SelectBody>(insert.Query.Body);
        var join = Assert.IsType<DelayedWindowJoin>(select.From[0]);
        Assert.True(join.Global);
        Assert.Equal(3_600_000, join.Window.Milliseconds);
        Assert.Equal(600_000, join.Delay.Milliseconds);
        Assert.Equal("1h", join.Window.Text);

        var intervalForm = (DelayedWindowJoin)((SelectBody)((QueryStatement)statements[2]).Query.Body).From[0];
        Assert.False(intervalForm.Global);
        Assert.Equal(3_600_000, intervalForm.Window.Milliseconds);
        Assert.Equal("INTERVAL '1' HOUR", intervalForm.Window.Text);
        Assert.Equal(600_000, intervalForm.Delay.Milliseconds);

        var hourToMinute = (DelayedWindowJoin)((SelectBody)((QueryStatement)statements[3]).Query.Body).From[0];
        Assert.Equal(5_400_000, hourToMinute.Window.Milliseconds);
        Assert.Equal(0, hourToMinute.Delay.Milliseconds);

        var chained = (DelayedWindowJoin)((SelectBody)((QueryStatement)statements[6]).Query.Body).From[0];
        var inner = Assert.IsType<DelayedWindowJoin>(chained.Left);
        Assert.Equal("likes", ((NamedTableRef)chained.Right).Name.ToString());
        Assert.Equal("click", ((NamedTableRef)inner.Right).Name.ToString());
        Assert.True(inner.Global);
        Assert.False(chained.Global);
    }
}
