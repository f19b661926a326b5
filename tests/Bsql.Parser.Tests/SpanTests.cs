using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>Node spans and diagnostic spans point at the right line and column.</summary>
public sealed class SpanTests
{
    private const string Job = "SET 'parallelism.default' = '4';\n\nINSERT INTO dw.samples\nSELECT f.req_id,\n       f.price * 2 AS doubled\nFROM feed f LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id\nWHERE f.scene = 'home';\n";

    private static (int Line, int Column, string Text) Locate(ParseResult result, SyntaxNode node)
    {
        var position = result.Source.GetPosition(node.Span.Start);
        return (position.Line, position.Column, result.Source.GetText(node.Span));
    }

    [Fact]
    public void StatementAndClauseSpans_PointAtTheirSource()
    {
        var result = TestSupport.ParseClean(Job);
        var set = (SetStatement)result.Script.Statements[0];
        Assert.Equal((1, 1, "SET 'parallelism.default' = '4'"), Locate(result, set));
        Assert.Equal((1, 5, "'parallelism.default'"), (result.Source.GetPosition(set.Option!.KeySpan.Start).Line,
            result.Source.GetPosition(set.Option.KeySpan.Start).Column, result.Source.GetText(set.Option.KeySpan)));
        Assert.Equal("'4'", result.Source.GetText(set.Option.ValueSpan));

        var insert = (InsertStatement)result.Script.Statements[1];
        Assert.Equal(3, Locate(result, insert).Line);
        Assert.Equal((3, 13, "dw.samples"), Locate(result, insert.Table));
        Assert.Equal((3, 16, "samples"), Locate(result, insert.Table.Parts[1]));

        var select = (SelectBody)insert.Query.Body;
        Assert.Equal((4, 8, "f.req_id"), Locate(result, select.Items[0]));
        Assert.Equal((5, 8, "f.price * 2 AS doubled"), Locate(result, select.Items[1]));
        Assert.Equal((5, 8, "f.price * 2"), Locate(result, select.Items[1].Expr));
        Assert.Equal((5, 23, "doubled"), Locate(result, select.Items[1].Alias!));

        var join = (DelayedWindowJoin)select.From[0];
        Assert.Equal(6, Locate(result, join).Line);
        Assert.Equal(6, Locate(result, join).Column);
        Assert.Equal((6, 26, "1h"), Locate(result, join.Window));
        Assert.Equal((6, 40, "10m"), Locate(result, join.Delay));
        Assert.Equal((6, 55, "click c"), Locate(result, join.Right));
        Assert.Equal((6, 66, "f.req_id = c.req_id"), Locate(result, join.On));
        Assert.Equal((7, 7, "f.scene = 'home'"), Locate(result, select.Where!));
    }

    [Fact]
    public void DiagnosticsOnLaterLines_HaveTheRightLineAndColumn()
    {
        var text = "SELECT a\nFROM t\nWHERE a =\n  AND b;\nCREATE TABLE x (\n  id BIGINT,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts ts\n);";
        var result = BsqlParser.Parse(text, "job.sql");
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.Equal(new LinePosition(4, 3), result.Diagnostics[0].Position);
        Assert.Equal(DiagnosticCodes.ExpectedExpression, result.Diagnostics[0].Code);
        Assert.Equal(new LinePosition(8, 20), result.Diagnostics[1].Position);
        Assert.Equal(DiagnosticCodes.WatermarkMissingAs, result.Diagnostics[1].Code);
        Assert.Equal("job.sql", result.Diagnostics[1].Source!.FileName);
    }

    [Fact]
    public void CrLfLineEndings_CountLinesTheSameWay()
    {
        var result = BsqlParser.Parse("SELECT 1;\r\nSELECT (;\r\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(new LinePosition(2, 9), diagnostic.Position);
        Assert.Equal("SELECT (;", result.Source.GetLineText(2));
    }

    [Fact]
    public void EqualityIgnoresSpans_ButNotContent()
    {
        var a = TestSupport.ParseClean("SELECT a   +  1 FROM   t;").Script;
        var b = TestSupport.ParseClean("select a+1\nfrom t").Script;
        var c = TestSupport.ParseClean("SELECT a + 2 FROM t").Script;
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(a.Statements[0].Span.Start + a.Statements[0].Span.Length, b.Statements[0].Span.Start + b.Statements[0].Span.Length);
    }
}
