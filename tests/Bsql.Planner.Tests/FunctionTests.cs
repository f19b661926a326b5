using Bsql.Planner.Functions;
using Bsql.Planner.Types;

namespace Bsql.Planner.Tests;

public class FunctionTests
{
    [Fact]
    public void Registry_CoversTheDocumentedFunctionList()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "functions.md"));
        var missing = System.Text.RegularExpressions.Regex.Matches(doc, "`([A-Z][A-Z0-9_]{1,})`")
            .Select(m => m.Groups[1].Value)
            .Where(n => n is not ("NULL" or "IN" or "LIKE" or "AND" or "OR" or "NOT" or "NEGATE" or "ITEM" or "ARRAY" or "MAP" or "ROW" or "CASE" or "TO"
                or "DISTINCT" or "FILTER" or "BOTH" or "LEADING" or "TRAILING" or "FROM" or "FOR" or "PLACING" or "RETURNING" or "HOUR" or "BIGINT"
                or "STRING" or "BOOLEAN" or "INT" or "DATE" or "TIMESTAMP" or "DOUBLE" or "DECIMAL" or "TIMESTAMP_LTZ" or "MERGE" or "COUNT(*)"))
            .Where(n => !n.StartsWith("TUMBLE", StringComparison.Ordinal) && !n.StartsWith("HOP", StringComparison.Ordinal) && !n.StartsWith("SESSION", StringComparison.Ordinal))
            .Where(n => BuiltinFunctions.Find(n) is null)
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("SELECT CHAR_LENGTH(b) AS x FROM t", "INT")]
    [InlineData("SELECT MOD(a, 7) AS x FROM t", "BIGINT")]
    [InlineData("SELECT 0.908 * a AS x FROM t", "DECIMAL(23, 3)")]
    [InlineData("SELECT a / 2 AS x FROM t", "BIGINT")]
    [InlineData("SELECT c + a AS x FROM t", "DOUBLE")]
    [InlineData("SELECT COALESCE(n, a) AS x FROM t", "BIGINT")]
    [InlineData("SELECT IF(a > 1, 'yes', 'no') AS x FROM t", "VARCHAR(3) NOT NULL")]
    [InlineData("SELECT ts + INTERVAL '1' HOUR AS x FROM t", "TIMESTAMP(3)")]
    [InlineData("SELECT SUM(n) AS x FROM t", "INT")]
    [InlineData("SELECT AVG(d) AS x FROM t", "DECIMAL(38, 6)")]
    [InlineData("SELECT COUNT(*) AS x FROM t", "BIGINT NOT NULL")]
    [InlineData("SELECT STR_TO_MAP(b) AS x FROM t", "MAP<STRING, STRING>")]
    [InlineData("SELECT TO_TIMESTAMP_LTZ(a, 3) AS x FROM t", "TIMESTAMP_LTZ(3)")]
    [InlineData("SELECT DATE_FORMAT(ts, 'yyyy') AS x FROM t", "STRING")]
    public void ResultTypes_FollowFlink(string query, string type)
    {
        var sql = "CREATE TABLE t (a BIGINT, n INT, b STRING, c DOUBLE, d DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'datagen');\n" + query + ";";
        var result = BsqlCompiler.Compile(sql, "f.sql");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var sink = result.Bound!.Sinks[0];
        Assert.Equal(type, sink.TableSchema[0].Type.ToString());
    }

    [Fact]
    public void TypeRules_WidenAndRefuseLikeFlink()
    {
        Assert.True(TypeRules.IsAssignable(SqlType.Int, SqlType.BigInt));
        Assert.True(TypeRules.IsAssignable(SqlType.BigInt, SqlType.Decimal(23, 3)));
        Assert.False(TypeRules.IsAssignable(SqlType.Double, SqlType.Int));
        Assert.False(TypeRules.IsAssignable(SqlType.String, SqlType.Int));
        Assert.True(TypeRules.IsAssignable(SqlType.Date, SqlType.Timestamp(3)));
        Assert.Equal(SqlType.Decimal(12, 2), TypeRules.CommonType(SqlType.Int, SqlType.Decimal(5, 2))!.WithNullable(true));
        Assert.True(TypeRules.AreComparable(SqlType.Timestamp(3), SqlType.TimestampLtz(3)));
        Assert.False(TypeRules.AreComparable(SqlType.Int, SqlType.Boolean));
    }
}
