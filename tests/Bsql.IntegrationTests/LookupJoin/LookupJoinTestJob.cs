using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Bsql.IntegrationTests.Kafka;
using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;

namespace Bsql.IntegrationTests.LookupJoin;

/// <summary>
/// Runs a lookup-join job written in SQL: writes the orders as JSON lines, compiles the SQL (its <c>{orders}</c>
/// placeholder is the file's path), swaps the <c>blackhole</c> sink for a collecting one and returns the rows.
/// </summary>
internal static class LookupJoinTestJob
{
    /// <summary>An order: <paramref name="Uid"/> NULL leaves the key out of the JSON line.</summary>
    public sealed record Order(long Oid, object? Uid);

    /// <summary>Orders 0..n-1 with uid <c>keyOf(i)</c> (NULL for every 13th).</summary>
    public static List<Order> Orders(int count, Func<int, object> keyOf) =>
        [.. Enumerable.Range(0, count).Select(i => new Order(i, i % 13 == 5 ? null : keyOf(i)))];

    public static async Task<List<object?[]>> RunAsync(string sql, IEnumerable<Order> orders, int timeoutSeconds = 60) =>
        (await RunWithMetricsAsync(sql, orders, timeoutSeconds)).Rows;

    /// <summary>Like <see cref="RunAsync"/>, also returning the job's metrics.</summary>
    public static async Task<(List<object?[]> Rows, Bsql.Runtime.Metrics.JobMetrics Metrics)> RunWithMetricsAsync(string sql, IEnumerable<Order> orders, int timeoutSeconds = 60)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bsql-lookupjoin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "orders.json");
            var text = new StringBuilder();
            foreach (var o in orders)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{\"oid\":{o.Oid}");
                switch (o.Uid)
                {
                    case null: break;
                    case string s: text.Append(CultureInfo.InvariantCulture, $",\"uid\":\"{s}\""); break;
                    default: text.Append(CultureInfo.InvariantCulture, $",\"uid\":{o.Uid}"); break;
                }
                text.Append("}\n");
            }
            await File.WriteAllTextAsync(path, text.ToString());

            var compiled = BsqlCompiler.Compile(sql.Replace("{orders}", path, StringComparison.Ordinal), "lookupjoin.sql");
            Assert.True(compiled.Success, string.Join('\n', compiled.Diagnostics));
            var plan = compiled.Plan!;
            Assert.Contains(plan.Operators, o => o.Spec is LookupJoinSpec);

            var id = CollectSinkFactory.NewId();
            var collect = new ConnectorSpec("collect", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [KeyValuePair.Create("connector", "collect"), KeyValuePair.Create("sink-id", id)]));
            plan = plan with
            {
                // Dead-letter sinks (no input) keep their own connector.
                Operators = [.. plan.Operators.Select(o => o.Spec is SinkSpec s && plan.InputsOf(o.Id).Any() ? o with { Spec = s with { Connector = collect } } : o)],
            };

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
            var result = await JobRunner.RunAsync(plan, new JobRunOptions
            {
                Connectors = KafkaTestJob.Registry,
                Output = TextWriter.Null,
                JobId = "lookupjoin-" + id,
            }, timeout.Token);
            return (CollectSinkFactory.Get(id), result.Metrics);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One comparable line per row, in order.</summary>
    public static List<string> Lines(IEnumerable<object?[]> rows) =>
        [.. rows.Select(r => string.Join("|", r.Select(Format)))];

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        object?[] nested => "(" + string.Join(',', nested.Select(Format)) + ")",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
