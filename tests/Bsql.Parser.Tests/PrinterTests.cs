using Bsql.Parser.Printing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>The canonical form: exact expected text for representative inputs, parentheses only where needed.</summary>
public sealed class PrinterTests
{
    private static void AssertPrintsAs(string input, string expected)
    {
        var printed = TestSupport.AssertRoundTrip(input);
        Assert.Equal(expected.Replace("\r\n", "\n", StringComparison.Ordinal), printed);
    }

    [Fact]
    public void CreateTable_PrintsOneColumnAndOneOptionPerLine_WithAlignedTypes()
    {
        AssertPrintsAs(
            "create table if not exists dw.feed(req_id string not null comment 'id', ts timestamp(3), proc as proctime(), " +
            "watermark for ts as ts - interval '5' second, primary key(req_id) not enforced) comment 'feed' " +
            "with('connector'='kafka','properties.bootstrap.servers'='${env:BROKERS}')",
            """
            CREATE TABLE IF NOT EXISTS dw.feed (
              req_id STRING NOT NULL COMMENT 'id',
              ts     TIMESTAMP(3),
              proc   AS proctime(),
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
              PRIMARY KEY (req_id) NOT ENFORCED
            ) COMMENT 'feed' WITH (
              'connector' = 'kafka',
              'properties.bootstrap.servers' = '${env:BROKERS}'
            );

            """);
    }

    [Fact]
    public void Query_PrintsOneClausePerLine_WithIndentedSubqueries()
    {
        AssertPrintsAs(
            "select /*+ SKEW('buckets'='16') */ distinct a, b x from (select a, b from t where c > 0) s " +
            "left join u on s.a = u.a where a in (select a from v) group by a, b having count(*) > 1 order by a desc limit 10",
            """
            SELECT /*+ SKEW('buckets' = '16') */ DISTINCT a, b AS x
            FROM (
              SELECT a, b
              FROM t
              WHERE c > 0
            ) AS s
            LEFT JOIN u ON s.a = u.a
            WHERE a IN (
              SELECT a
              FROM v
            )
            GROUP BY a, b
            HAVING count(*) > 1
            ORDER BY a DESC
            LIMIT 10;

            """);
    }

    [Fact]
    public void DelayedWindowJoin_KeepsTheWrittenDurationForms()
    {
        AssertPrintsAs(
            "insert into s select * from feed f left(global) 1H window and interval '10' minute delay join click c on f.id = c.id",
            """
            INSERT INTO s
            SELECT *
            FROM feed AS f
            LEFT(GLOBAL) 1h WINDOW AND INTERVAL '10' MINUTE DELAY JOIN click AS c ON f.id = c.id;

            """);
    }

    [Theory]
    [InlineData("SELECT (a + b) * c", "SELECT (a + b) * c;\n")]
    [InlineData("SELECT a + (b * c)", "SELECT a + b * c;\n")]
    [InlineData("SELECT a - (b - c)", "SELECT a - (b - c);\n")]
    [InlineData("SELECT (a - b) - c", "SELECT a - b - c;\n")]
    [InlineData("SELECT (a OR b) AND c", "SELECT (a OR b) AND c;\n")]
    [InlineData("SELECT a OR (b AND c)", "SELECT a OR b AND c;\n")]
    [InlineData("SELECT NOT (a = b)", "SELECT NOT a = b;\n")]
    [InlineData("SELECT NOT (a AND b)", "SELECT NOT (a AND b);\n")]
    [InlineData("SELECT -(-a)", "SELECT -(-a);\n")]
    [InlineData("SELECT - - a", "SELECT -(-a);\n")]
    [InlineData("SELECT -(a + b)", "SELECT -(a + b);\n")]
    [InlineData("SELECT (a || b) || c", "SELECT a || b || c;\n")]
    [InlineData("SELECT (a + 1)[2]", "SELECT (a + 1)[2];\n")]
    [InlineData("SELECT (r.f).g", "SELECT (r.f).g;\n")]
    [InlineData("SELECT a BETWEEN (b OR c) AND d", "SELECT a BETWEEN (b OR c) AND d;\n")]
    [InlineData("SELECT a != b", "SELECT a <> b;\n")]
    [InlineData("SELECT current_timestamp", "SELECT CURRENT_TIMESTAMP;\n")]
    [InlineData("SELECT `select`, `a b`, `x``y`, `plain`", "SELECT `select`, `a b`, `x``y`, plain;\n")]
    [InlineData("SELECT CAST(a AS TIMESTAMP(3) WITH LOCAL TIME ZONE)", "SELECT CAST(a AS TIMESTAMP_LTZ(3));\n")]
    [InlineData("SELECT CAST(a AS integer)", "SELECT CAST(a AS INT);\n")]
    [InlineData("SELECT CAST(a AS ROW(x INT))", "SELECT CAST(a AS ROW<x INT>);\n")]
    [InlineData("SELECT 'it''s'", "SELECT 'it''s';\n")]
    [InlineData("explain plan for select 1", "EXPLAIN PLAN FOR SELECT 1;\n")]
    [InlineData("SELECT trim(' ' from s)", "SELECT TRIM(BOTH ' ' FROM s);\n")]
    [InlineData("SELECT substring(s from 2 for 3)", "SELECT substring(s, 2, 3);\n")]
    [InlineData("SELECT position((a = b) in s)", "SELECT position((a = b) IN s);\n")]
    [InlineData("SELECT POSITION(x, s)", "SELECT POSITION(x IN s);\n")]
    [InlineData("SELECT OVERLAY(s PLACING 'x' FROM 2 FOR 1)", "SELECT OVERLAY(s PLACING 'x' FROM 2 FOR 1);\n")]
    [InlineData("SELECT floor(ts to hour)", "SELECT floor(ts TO HOUR);\n")]
    [InlineData("SELECT a is not distinct from b", "SELECT a IS NOT DISTINCT FROM b;\n")]
    public void Expressions_GetParenthesesOnlyWherePrecedenceNeedsThem(string input, string expected) => AssertPrintsAs(input, expected);

    [Fact]
    public void PrintingAnyNode_Works()
    {
        var expr = BsqlParser.ParseExpression("a.b[1] + f(DISTINCT x) FILTER (WHERE y)").Value;
        Assert.Equal("a.b[1] + f(DISTINCT x) FILTER (WHERE y)", SqlPrinter.Print(expr));
        var type = BsqlParser.ParseDataType("map<string, array<row<a int not null, `b c` decimal(10,2)>>>").Value;
        Assert.Equal("MAP<STRING, ARRAY<ROW<a INT NOT NULL, `b c` DECIMAL(10, 2)>>>", SqlPrinter.Print(type));
        Assert.Equal("`from`", SqlPrinter.QuoteIdentifier("from"));
        Assert.Equal("'a''b'", SqlPrinter.QuoteString("a'b"));
    }

    [Fact]
    public void StatementSet_PrintsInsertsIndented()
    {
        AssertPrintsAs("execute statement set begin insert into a select 1; insert into b select 2; end",
            """
            EXECUTE STATEMENT SET
            BEGIN
              INSERT INTO a
              SELECT 1;
              INSERT INTO b
              SELECT 2;
            END;

            """);
    }

    [Fact]
    public void ProgrammaticTree_WithNestedBinaryOperators_PrintsAndReparsesEqual()
    {
        // Built by hand, not parsed: the printer must add the parentheses the tree's shape needs.
        var a = new NameExpr([new Identifier("a", default)], default);
        var b = new NameExpr([new Identifier("b", default)], default);
        var c = new NameExpr([new Identifier("c", default)], default);
        var tree = new BinaryExpr(BinaryOperator.Multiply, new BinaryExpr(BinaryOperator.Add, a, b, default),
            new BinaryExpr(BinaryOperator.Subtract, b, new UnaryExpr(UnaryOperator.Negate, new UnaryExpr(UnaryOperator.Negate, c, default), default), default), default);
        var printed = SqlPrinter.Print(tree);
        Assert.Equal("(a + b) * (b - -(-c))", printed);
        Assert.Equal(tree, BsqlParser.ParseExpression(printed).Value);
    }

    [Fact]
    public void LongSelectList_PrintsOneItemPerLine()
    {
        AssertPrintsAs(
            "select line, window_start, window_end, count(*) as readings, sum(case when t > 80 then 1 else 0 end) as hot, max(t) as max_t from r",
            """
            SELECT
              line,
              window_start,
              window_end,
              count(*) AS readings,
              sum(CASE WHEN t > 80 THEN 1 ELSE 0 END) AS hot,
              max(t) AS max_t
            FROM r;

            """);
    }
}
