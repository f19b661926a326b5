using System.Collections;
using System.Reflection;
using Bsql.Planner;
using Bsql.Planner.Expressions;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

/// <summary>Every expression the planner puts in a physical plan for real SQL compiles and runs.</summary>
public sealed class ExpressionPlanIntegrationTests
{
    private const string Ddl = """
        CREATE TABLE bid (
            auction BIGINT,
            bidder BIGINT,
            price BIGINT,
            channel STRING,
            url STRING,
            `dateTime` TIMESTAMP(3),
            extra STRING,
            info ROW<a INT, b STRING>,
            tags ARRAY<STRING>,
            attrs MAP<STRING, STRING>,
            WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
        ) WITH ('connector' = 'datagen');
        CREATE TABLE out1 (a STRING, b STRING, c STRING, d STRING, e STRING, f STRING, g STRING, h STRING) WITH ('connector' = 'blackhole');
        """;

    public static TheoryData<string> Queries() =>
    [
        "INSERT INTO out1 SELECT CAST(auction AS STRING), CAST(0.908 * price AS STRING), channel, url, CAST(`dateTime` AS STRING), extra, CAST(bidder + 1 AS STRING), UPPER(channel) FROM bid WHERE MOD(auction, 123) = 0",
        "INSERT INTO out1 SELECT DATE_FORMAT(`dateTime`, 'yyyy-MM-dd'), DATE_FORMAT(`dateTime`, 'HH:mm'), CASE WHEN HOUR(`dateTime`) >= 8 AND HOUR(`dateTime`) <= 18 THEN 'dayTime' WHEN HOUR(`dateTime`) <= 6 OR HOUR(`dateTime`) >= 20 THEN 'nightTime' ELSE 'otherTime' END, CAST(price * 908 / 1000.0 AS STRING), REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2), SPLIT_INDEX(url, '/', 3), LOWER(channel), CAST(CHAR_LENGTH(extra) AS STRING) FROM bid WHERE price > 1000 AND channel IN ('apple', 'google') AND url LIKE '%channel_id%'",
        "INSERT INTO out1 SELECT info.b, tags[1], attrs['k'], CAST(info.a AS STRING), COALESCE(channel, 'none'), IF(price IS NULL, 'n', 'y'), CONCAT_WS('-', channel, url), CAST(TIMESTAMPDIFF('SECOND', `dateTime`, `dateTime` + INTERVAL '1' MINUTE) AS STRING) FROM bid WHERE price BETWEEN 10 AND 100 OR bidder NOT IN (1, 2, 3)",
        "INSERT INTO out1 SELECT JSON_VALUE(extra, '$.a.b'), CAST(TRY_CAST(extra AS INT) AS STRING), CAST(EXTRACT(YEAR FROM `dateTime`) AS STRING), CAST(FLOOR(price / 7.0) AS STRING), CAST(ROUND(price / 3.0, 2) AS STRING), CAST(ABS(-price) AS STRING), MD5(channel), CAST(CURRENT_TIMESTAMP AS STRING) FROM bid WHERE channel IS NOT NULL AND NOT (price < 0)",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void PlannedExpressions_CompileAndRun(string query)
    {
        var result = BsqlCompiler.Compile(Ddl + "\n" + query + ";", "job.sql");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
        var expressions = new List<BoundExpr>();
        Collect(result.Plan!, expressions, new HashSet<object>(ReferenceEqualityComparer.Instance));
        Assert.NotEmpty(expressions);
        foreach (var e in expressions)
        {
            var width = MaxInput(e) + 1;
            var compiled = ExpressionCompiler.Compile(e, Utc);
            try
            {
                compiled(new object?[width]);
            }
            catch (ExpressionEvaluationException)
            {
                // A NULL-only row may be invalid for some expressions; compiling is what this test checks.
            }
        }
    }

    private static int MaxInput(BoundExpr e) => e switch
    {
        InputRef r => r.Index,
        Call c => c.Args.Select(MaxInput).DefaultIfEmpty(-1).Max(),
        CastExpr c => MaxInput(c.Operand),
        CaseExpr c => c.Arms.SelectMany(a => new[] { MaxInput(a.When), MaxInput(a.Then) }).Append(c.Else is null ? -1 : MaxInput(c.Else)).Max(),
        FieldAccess f => MaxInput(f.Row),
        _ => -1,
    };

    /// <summary>Walks the plan's records and collections and gathers every top-level bound expression.</summary>
    private static void Collect(object node, List<BoundExpr> found, HashSet<object> seen)
    {
        if (node is BoundExpr expr)
        {
            found.Add(expr);
            return;
        }
        if (node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        if (node is IEnumerable items)
        {
            foreach (var item in items)
            {
                if (item is not null) Collect(item, found, seen);
            }
            return;
        }
        if (node.GetType().Namespace?.StartsWith("Bsql.Planner", StringComparison.Ordinal) != true) return;
        foreach (var p in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.PropertyType == typeof(Type)) continue;
            if (p.GetValue(node) is { } value) Collect(value, found, seen);
        }
    }
}
