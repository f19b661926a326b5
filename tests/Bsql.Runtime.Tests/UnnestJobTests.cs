using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// UNNEST jobs over random arrays (NULL and empty ones included), arrays of rows and maps, at parallelism 1 and 2,
/// compared as multisets with the same expansion written with LINQ.
/// </summary>
public sealed class UnnestJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-unnest-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Id, string?[]? Tags, (string Sku, int? Qty)[] Items, Dictionary<string, int> Attrs)> _orders = [];

    public UnnestJobTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(11);
        var lines = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            string?[]? tags = random.Next(6) == 0 ? null : [.. Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(8) == 0 ? null : "t" + random.Next(5))];
            (string, int?)[] items = [.. Enumerable.Range(0, random.Next(3)).Select(j => ("s" + random.Next(9), random.Next(4) == 0 ? (int?)null : random.Next(1, 5)))];
            var attrs = Enumerable.Range(0, random.Next(3)).ToDictionary(j => "a" + j, _ => random.Next(-3, 10));
            _orders.Add((i, tags, items, attrs));
            var tagsJson = tags is null ? "null" : "[" + string.Join(", ", tags.Select(t => t is null ? "null" : $"\"{t}\"")) + "]";
            var itemsJson = "[" + string.Join(", ", items.Select(x => $$"""{"sku": "{{x.Item1}}", "qty": {{(x.Item2 is { } q ? q.ToString(CultureInfo.InvariantCulture) : "null")}}}""")) + "]";
            var attrsJson = "{" + string.Join(", ", attrs.Select(kv => $"\"{kv.Key}\": {kv.Value}")) + "}";
            lines.Add($$"""{"id": {{i}}, "tags": {{tagsJson}}, "items": {{itemsJson}}, "attrs": {{attrsJson}}}""");
        }
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), lines);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<List<string>> RunAsync(int parallelism, string columns, string query)
    {
        var sql = $"""
            SET 'parallelism.default' = '{parallelism}';
            CREATE TABLE orders (id BIGINT, tags ARRAY<STRING>, items ARRAY<ROW<sku STRING, qty INT>>, attrs MAP<STRING, INT>)
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
            CREATE TABLE out ({columns}) WITH ('connector' = 'print');
            INSERT INTO out {query};
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[(line.IndexOf('>') + 1)..].Trim())];
    }

    private static string Show(object? v) => v switch { null => "null", int i => i.ToString(CultureInfo.InvariantCulture), long l => l.ToString(CultureInfo.InvariantCulture), _ => v.ToString()! };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CrossJoinWithOrdinality_EmitsOneRowPerElement(int parallelism)
    {
        var rows = await RunAsync(parallelism, "id BIGINT, tag STRING, pos INT",
            "SELECT id, tag, pos FROM orders CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t (tag, pos)");
        var expected = _orders.Where(o => o.Tags is not null).SelectMany(o => o.Tags!.Select((t, i) => $"+I[{o.Id}, {Show(t)}, {i + 1}]"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task LeftJoinOnTrue_KeepsRowsWithNothingToExpand(int parallelism)
    {
        var rows = await RunAsync(parallelism, "id BIGINT, sku STRING, qty INT",
            "SELECT o.id, i.sku, i.qty FROM orders AS o LEFT JOIN UNNEST(o.items) AS i ON TRUE WHERE o.id % 3 <> 0");
        var expected = _orders.Where(o => o.Id % 3 != 0).SelectMany(o => o.Items.Length == 0
            ? [$"+I[{o.Id}, null, null]"]
            : o.Items.Select(x => $"+I[{o.Id}, {x.Sku}, {Show(x.Qty)}]"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MapUnnest_FeedsAnAggregation()
    {
        var changelog = await RunAsync(1, "k STRING, s INT, c BIGINT",
            "SELECT k, CAST(SUM(v) AS INT), COUNT(*) FROM orders, UNNEST(attrs) AS a (k, v) WHERE v >= 0 GROUP BY k");
        // The aggregation's update stream, applied: +I/+U set a key's row, -U/-D retract it.
        var final = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in changelog)
        {
            var values = line[3..^1];
            var key = values[..values.IndexOf(',', StringComparison.Ordinal)];
            if (line.StartsWith("+I", StringComparison.Ordinal) || line.StartsWith("+U", StringComparison.Ordinal)) final[key] = values;
            else Assert.True(final.Remove(key), line);
        }
        var expected = _orders.SelectMany(o => o.Attrs).Where(kv => kv.Value >= 0).GroupBy(kv => kv.Key)
            .Select(g => $"{g.Key}, {g.Sum(kv => kv.Value)}, {g.Count()}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), final.Values.Order(StringComparer.Ordinal));
    }
}
