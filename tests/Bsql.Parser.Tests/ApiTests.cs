using Bsql.Parser.Diagnostics;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>The entry points the planner uses: ParseExpression, ParseDataType, the diagnostic formatter.</summary>
public sealed class ApiTests
{
    [Fact]
    public void ParseExpression_ParsesAWatermarkExpression()
    {
        var result = BsqlParser.ParseExpression("ts - INTERVAL '5' SECOND", "catalog.yaml");
        Assert.Empty(result.Diagnostics);
        var expr = Assert.IsType<BinaryExpr>(result.Value);
        Assert.Equal(BinaryOperator.Subtract, expr.Operator);
        Assert.Equal(new IntervalLiteral("5", TimeUnit.Second, null, false, default), expr.Right);
    }

    [Fact]
    public void ParseExpression_ReportsTrailingTokens()
    {
        var result = BsqlParser.ParseExpression("a + 1 b");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnexpectedToken, diagnostic.Code);
        Assert.Equal("expected end of the expression, found identifier 'b'", diagnostic.Message);
    }

    [Fact]
    public void ParseExpression_OfEmptyText_ReportsEmptyInput()
    {
        var result = BsqlParser.ParseExpression("   ");
        Assert.Equal(DiagnosticCodes.EmptyInput, Assert.Single(result.Diagnostics).Code);
        Assert.IsType<ErrorExpr>(result.Value);
    }

    [Theory]
    [InlineData("BIGINT", ScalarTypeKind.BigInt, null, null, false)]
    [InlineData("integer not null", ScalarTypeKind.Int, null, null, true)]
    [InlineData("DECIMAL(10, 2)", ScalarTypeKind.Decimal, 10, 2, false)]
    [InlineData("VARCHAR(20)", ScalarTypeKind.VarChar, 20, null, false)]
    [InlineData("TIMESTAMP(3)", ScalarTypeKind.Timestamp, 3, null, false)]
    [InlineData("TIMESTAMP(3) WITH LOCAL TIME ZONE", ScalarTypeKind.TimestampLtz, 3, null, false)]
    [InlineData("TIMESTAMP_LTZ(6) NOT NULL", ScalarTypeKind.TimestampLtz, 6, null, true)]
    [InlineData("STRING", ScalarTypeKind.String, null, null, false)]
    [InlineData("BYTES", ScalarTypeKind.Bytes, null, null, false)]
    public void ParseDataType_ParsesScalarTypes(string text, ScalarTypeKind kind, int? precision, int? scale, bool notNull)
    {
        var result = BsqlParser.ParseDataType(text);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(new ScalarType(kind, precision, scale, notNull, default), result.Value);
    }

    [Fact]
    public void ParseDataType_ParsesNestedTypes()
    {
        var result = BsqlParser.ParseDataType("ROW<id BIGINT NOT NULL, tags ARRAY<STRING>, attrs MAP<STRING, INT>>");
        Assert.Empty(result.Diagnostics);
        var row = Assert.IsType<RowType>(result.Value);
        Assert.Equal(["id", "tags", "attrs"], row.Fields.Select(f => f.Name.Value).ToArray());
        Assert.True(row.Fields[0].Type.NotNull);
        Assert.IsType<ArrayType>(row.Fields[1].Type);
        var map = Assert.IsType<MapType>(row.Fields[2].Type);
        Assert.Equal(ScalarTypeKind.Int, ((ScalarType)map.ValueType).Kind);
    }

    [Fact]
    public void ParseDataType_ReportsUnknownTypes()
    {
        var result = BsqlParser.ParseDataType("VARCHAR2(10)");
        Assert.Equal(DiagnosticCodes.UnknownDataType, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Formatter_RendersFileLineColumn_SourceLine_Caret_AndHelp()
    {
        var result = BsqlParser.Parse("SELECT 1;\nSELECT * FROM a LEFT 1x WINDOW AND 10m DELAY JOIN b ON a.k = b.k;", "job.sql");
        var rendered = DiagnosticFormatter.Format(result.Diagnostics[0]);
        Assert.Equal(
            "job.sql:2:22: error BSQL1009: unknown duration unit 'x' in '1x'\n" +
            " 2 | SELECT * FROM a LEFT 1x WINDOW AND 10m DELAY JOIN b ON a.k = b.k;\n" +
            "   |                      ^~\n" +
            "  = help: use ms, s, m, h or d (e.g. 500ms, 90s, 10m, 1h, 1d), or an INTERVAL literal",
            rendered);
    }

    [Fact]
    public void Formatter_WorksForDiagnosticsOfOtherLayers()
    {
        var source = new SourceText("CREATE TABLE t (a INT) WITH ('connector' = 'redis');", "jobs/t.sql");
        var diagnostic = Diagnostic.Error("BSQL3001", new SourceSpan(29, 21), "a Redis lookup table needs a PRIMARY KEY",
            "add `PRIMARY KEY (uid) NOT ENFORCED`", source);
        Assert.Equal(
            "jobs/t.sql:1:30: error BSQL3001: a Redis lookup table needs a PRIMARY KEY\n" +
            " 1 | CREATE TABLE t (a INT) WITH ('connector' = 'redis');\n" +
            "   |                              ^~~~~~~~~~~~~~~~~~~~~\n" +
            "  = help: add `PRIMARY KEY (uid) NOT ENFORCED`",
            DiagnosticFormatter.Format(diagnostic));
        Assert.Equal("error BSQL3001: a Redis lookup table needs a PRIMARY KEY", DiagnosticFormatter.FormatHeader(diagnostic with { Source = null }));
    }

    [Fact]
    public void ParserOptions_CanDisableTheExtensions()
    {
        var result = BsqlParser.Parse("SELECT * FROM a LEFT 1h WINDOW AND 0s DELAY JOIN b ON a.k = b.k;", options: new ParserOptions { AllowExtensions = false });
        Assert.Equal(DiagnosticCodes.NotSupported, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void ParserOptions_MaxDepth_IsHonoured()
    {
        var text = "SELECT " + new string('(', 20) + "1" + new string(')', 20) + ";";
        Assert.Empty(BsqlParser.Parse(text).Diagnostics);
        Assert.Equal(DiagnosticCodes.NestingTooDeep, BsqlParser.Parse(text, options: new ParserOptions { MaxDepth = 10 }).Diagnostics[0].Code);
    }

    [Fact]
    public void DiagnosticCodes_AreUniqueAndInTheParserBand()
    {
        var codes = typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^BSQL1[0-9]{3}$", c));
    }

    [Fact]
    public void Explain_KeepsPlanForAndDetails()
    {
        var statements = TestSupport.ParseClean("EXPLAIN PLAN FOR SELECT 1; explain changelog_mode, estimated_cost select 1; EXPLAIN SELECT 1;").Script.Statements;
        var planFor = Assert.IsType<ExplainStatement>(statements[0]);
        Assert.True(planFor.PlanFor);
        Assert.Empty(planFor.Details);
        var details = Assert.IsType<ExplainStatement>(statements[1]);
        Assert.Equal(["CHANGELOG_MODE", "ESTIMATED_COST"], details.Details.AsSpan().ToArray());
        Assert.IsType<QueryStatement>(details.Statement);
        Assert.NotEqual(statements[1], statements[2]);
    }

    [Fact]
    public void StatementSet_BothForms_ParseToTheSameTree()
    {
        var a = TestSupport.ParseClean("EXECUTE STATEMENT SET BEGIN INSERT INTO s1 SELECT 1; INSERT INTO s2 SELECT 2; END;").Script;
        var b = TestSupport.ParseClean("BEGIN STATEMENT SET;\nINSERT INTO s1 SELECT 1;\nINSERT INTO s2 SELECT 2;\nEND;").Script;
        Assert.Equal(a, b);
        Assert.Equal(2, Assert.IsType<StatementSetStatement>(Assert.Single(a.Statements)).Inserts.Count);
    }
}
