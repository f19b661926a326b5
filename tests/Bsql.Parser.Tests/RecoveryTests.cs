using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>Error recovery: every statement's first error is reported in one run, and good statements survive.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public void ErrorsInSeveralStatements_AreAllReported_AndGoodStatementsAreKept()
    {
        var text = string.Join('\n',
            "SELECT count(* FROM t;",
            "CREATE TABLE ok (a INT) WITH ('connector' = 'print');",
            "SELECT * FROM a LEFT 1x WINDOW AND 10m DELAY JOIN b ON a.k = b.k;",
            "INSERT INTO ok SELECT 1;",
            "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts ts);",
            "SELEC 1;",
            "SELECT 'unterminated");
        var result = BsqlParser.Parse(text);
        // In source order: one diagnostic for each broken statement.
        Assert.Equal(
            [DiagnosticCodes.UnexpectedToken, DiagnosticCodes.InvalidDuration, DiagnosticCodes.WatermarkMissingAs,
             DiagnosticCodes.ExpectedStatement, DiagnosticCodes.UnterminatedString],
            result.Diagnostics.OrderBy(d => d.Span.Start).Select(d => d.Code).ToArray());
        Assert.Equal([1, 3, 5, 6, 7], result.Diagnostics.Select(d => d.Position!.Value.Line).OrderBy(l => l).ToArray());
        Assert.Contains(result.Script.Statements, s => s is CreateTableStatement { Name.Last.Value: "ok" });
        Assert.Contains(result.Script.Statements, s => s is InsertStatement);
    }

    [Fact]
    public void OneBrokenStatement_ReportsOnlyItsFirstError()
    {
        // After "count(*" the parser is out of sync; later "expected" errors in the same statement would be noise.
        var result = BsqlParser.Parse("SELECT count(* FROM t WHERE (((a AND ;\nSELECT 1;");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(new LinePosition(1, 16), diagnostic.Position);
        Assert.Equal(2, result.Script.Statements.Count);
    }

    [Theory]
    [InlineData("SELECT a, SUM(b) FROM t GROUP BY GROUPING SETS ((a), ());\nSELECT 1;", "GROUPING SETS is not supported yet")]
    [InlineData("SELECT a, SUM(b) FROM t GROUP BY ROLLUP (a, c) HAVING SUM(b) > 1;\nSELECT 1;", "ROLLUP is not supported yet")]
    [InlineData("SELECT a, SUM(b) FROM t GROUP BY CUBE(a, c);\nSELECT 1;", "CUBE is not supported yet")]
    public void UnsupportedGroupingForm_IsOneDiagnostic_AndTheNextStatementParses(string sql, string message)
    {
        var result = BsqlParser.Parse(sql);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(new LinePosition(1, 34), diagnostic.Position);
        Assert.Equal(2, result.Script.Statements.Count);
    }

    [Fact]
    public void MissingSemicolon_IsReportedAtTheEndOfThePreviousStatement_AndBothStatementsParse()
    {
        var result = BsqlParser.Parse("SELECT a FROM t\nINSERT INTO s SELECT a FROM t;");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.MissingSemicolon, diagnostic.Code);
        Assert.Equal(new LinePosition(1, 16), diagnostic.Position);
        Assert.Equal("separate statements with `;`", diagnostic.Help);
        Assert.Equal(2, result.Script.Statements.Count);
        Assert.IsType<InsertStatement>(result.Script.Statements[1]);
    }

    [Fact]
    public void MissingPieces_BecomePlaceholdersWithDiagnostics()
    {
        var result = BsqlParser.Parse("SELECT a + FROM t;");
        var select = (SelectBody)((QueryStatement)result.Script.Statements[0]).Query.Body;
        var sum = Assert.IsType<BinaryExpr>(select.Items[0].Expr);
        Assert.IsType<ErrorExpr>(sum.Right);
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void LexicalErrors_AreReportedEvenWhenTheStatementParses()
    {
        var result = BsqlParser.Parse("SELECT a # FROM t; SELECT b ~ FROM u;");
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticCodes.UnexpectedCharacter, d.Code));
    }

    [Fact]
    public void EmptyStatementsAndComments_AreFine()
    {
        var result = TestSupport.ParseClean(";;\n-- only a comment\n;/* block */;SELECT 1;;");
        Assert.Single(result.Script.Statements);
        Assert.Equal(2, result.Comments.Count);
        Assert.Empty(TestSupport.ParseClean("").Script.Statements);
        Assert.Empty(TestSupport.ParseClean("  \n -- nothing\n").Script.Statements);
    }
}
