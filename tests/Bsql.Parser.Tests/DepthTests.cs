using Bsql.Parser.Diagnostics;
using Bsql.Parser.Printing;

namespace Bsql.Parser.Tests;

/// <summary>The depth guard turns absurd nesting into BSQL1007 instead of a stack overflow (which .NET cannot catch).</summary>
public sealed class DepthTests
{
    /// <summary>Runs on a thread with a deliberately small (1 MB) stack, as a thread pool or ASP.NET thread might have.</summary>
    private static ParseResult ParseOnSmallStack(string text)
    {
        ParseResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = BsqlParser.Parse(text);
                if (!result.HasErrors)
                {
                    _ = SqlPrinter.Print(result.Script);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        return result!;
    }

    [Fact]
    public void TenThousandNestedParentheses_ReportsNestingTooDeep()
    {
        var text = "SELECT " + new string('(', 10_000) + "1" + new string(')', 10_000) + " FROM t;";
        var result = ParseOnSmallStack(text);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.NestingTooDeep, diagnostic.Code);
        Assert.Equal(1, result.Source.GetPosition(diagnostic.Span.Start).Line);
    }

    [Fact]
    public void TenThousandUnclosedParentheses_ReportsOneDiagnosticPerStatement_AndRecovers()
    {
        var text = "SELECT " + new string('(', 10_000) + ";\nSELECT 1;\nSELECT ((((;";
        var result = ParseOnSmallStack(text);
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.Equal(DiagnosticCodes.NestingTooDeep, result.Diagnostics[0].Code);
        Assert.Equal(DiagnosticCodes.ExpectedExpression, result.Diagnostics[1].Code);
        Assert.Equal(3, result.Script.Statements.Count);
    }

    [Theory]
    [InlineData("SELECT * FROM ", "(SELECT * FROM ", "t", ") AS x")]
    [InlineData("CREATE TABLE t (a ", "ARRAY<", "INT", ">")]
    [InlineData("SELECT ", "- ", "1", "")]
    [InlineData("SELECT ", "NOT ", "a", "")]
    [InlineData("SELECT ", "f(", "1", ")")]
    [InlineData("SELECT ", "CASE WHEN a THEN ", "1", " END")]
    [InlineData("SELECT ", "a[", "1", "]")]
    [InlineData("SELECT * FROM a ", "JOIN (b ", "", ") ON TRUE")]
    [InlineData("", "(", "SELECT 1", ")")]
    public void DeeplyNestedConstruct_ReportsNestingTooDeep(string prefix, string open, string middle, string close)
    {
        var text = prefix + string.Concat(Enumerable.Repeat(open, 10_000)) + middle + string.Concat(Enumerable.Repeat(close, 10_000)) + ";";
        var result = ParseOnSmallStack(text);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Theory]
    [InlineData(" + 1")]
    [InlineData(" OR a = 1")]
    [InlineData(" || 'x'")]
    public void HundredThousandLinkOperatorChain_ReportsNestingTooDeep(string link)
    {
        var text = "SELECT 1" + string.Concat(Enumerable.Repeat(link, 100_000)) + " FROM t;";
        var result = ParseOnSmallStack(text);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void LongButReasonableChains_Parse()
    {
        var ors = "SELECT a FROM t WHERE " + string.Join(" OR ", Enumerable.Range(0, 300).Select(i => $"a = {i}")) + ";";
        var unions = string.Join(" UNION ALL ", Enumerable.Range(0, 200).Select(i => $"SELECT {i}")) + ";";
        var joins = "SELECT * FROM t0" + string.Concat(Enumerable.Range(1, 100).Select(i => $" JOIN t{i} ON t{i}.k = t0.k")) + ";";
        var nested = "SELECT " + new string('(', 100) + "1" + new string(')', 100) + ";";
        foreach (var text in new[] { ors, unions, joins, nested })
        {
            var result = ParseOnSmallStack(text);
            Assert.Empty(result.Diagnostics);
            TestSupport.AssertRoundTrip(text);
        }
    }
}
