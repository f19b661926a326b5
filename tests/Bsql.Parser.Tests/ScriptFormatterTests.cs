using Bsql.Parser.Printing;

namespace Bsql.Parser.Tests;

/// <summary>The fmt formatter keeps comments between statements and is idempotent.</summary>
public sealed class ScriptFormatterTests
{
    [Fact]
    public void CommentsBetweenStatements_AreKept_WithBlankLinesWhereTheAuthorHadThem()
    {
        var result = TestSupport.ParseClean("/* header */\n\n-- first\nselect 1;\n\n\n-- second\n\nselect 2; -- trailing\n");
        var formatted = ScriptFormatter.Format(result);
        Assert.Equal(0, formatted.DroppedComments);
        Assert.Equal("/* header */\n\n-- first\nSELECT 1;\n\n-- second\n\nSELECT 2;\n-- trailing\n", formatted.Text);
    }

    [Fact]
    public void CommentsInsideStatements_AreCounted()
    {
        var formatted = ScriptFormatter.Format(TestSupport.ParseClean("SELECT a, /* x */ b -- y\nFROM t;\nSELECT 1;"));
        Assert.Equal(2, formatted.DroppedComments);
        Assert.Equal("SELECT a, b\nFROM t;\n\nSELECT 1;\n", formatted.Text);
    }

    [Theory]
    [MemberData(nameof(NexmarkCorpusTests.Files), MemberType = typeof(NexmarkCorpusTests))]
    public void FormattingNexmarkFiles_IsIdempotent_AndKeepsTheHeaderComments(string fileName)
    {
        var text = TestSupport.SubstituteNexmark(File.ReadAllText(Path.Combine(TestSupport.NexmarkDirectory, fileName)));
        var first = ScriptFormatter.Format(TestSupport.ParseClean(text));
        var second = ScriptFormatter.Format(TestSupport.ParseClean(first.Text));
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(0, second.DroppedComments);
        var result = TestSupport.ParseClean(text);
        Assert.Equal(result.Comments.Count - first.DroppedComments, TestSupport.ParseClean(first.Text).Comments.Count);
        Assert.Equal(fileName == "q1.sql" ? 1 : 0, first.DroppedComments);
    }

    [Theory]
    [MemberData(nameof(CorpusTests.Files), MemberType = typeof(CorpusTests))]
    public void FormattingCorpusFiles_IsIdempotent(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(TestSupport.CorpusDirectory, fileName));
        var first = ScriptFormatter.Format(TestSupport.ParseClean(text));
        var reparsed = TestSupport.ParseClean(first.Text);
        TestSupport.AssertTreesEqual(TestSupport.ParseClean(text).Script, reparsed.Script, first.Text);
        Assert.Equal(first.Text, ScriptFormatter.Format(reparsed).Text);
    }
}
