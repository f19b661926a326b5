using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class FileSystemTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-fs-" + Guid.NewGuid().ToString("N"));

    private static readonly RowSchema Schema = PlanBuilder.Schema(
        ("id", SqlType.BigInt), ("name", SqlType.String), ("price", SqlType.Decimal(10, 2)), ("ts", SqlType.Timestamp(3)),
        ("tags", SqlType.Array(SqlType.String)), ("attrs", SqlType.Map(SqlType.String, SqlType.Int)),
        ("pos", SqlType.Row([new RowField("x", SqlType.Double), new RowField("y", SqlType.Double)])), ("ok", SqlType.Boolean));

    public FileSystemTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<object?[]> SampleRows(int n) => Enumerable.Range(0, n).Select(i => new object?[]
    {
        (long)i, i % 7 == 0 ? null : $"name \"{i}\", with comma", 12.5m + i, Ts(1706702400000 + i * 1000L),
        new object?[] { "a" + i, null }, new Dictionary<object, object?> { ["k"] = i }, new object?[] { 1.5 * i, -2.0 }, i % 2 == 0,
    }).ToList();

    [Theory]
    [InlineData("json", 1)]
    [InlineData("json", 3)]
    [InlineData("csv", 2)]
    public async Task WriteThenRead_RoundTripsEveryValue(string format, int parallelism)
    {
        var rows = SampleRows(500);
        var schema = format == "csv" ? PlanBuilder.Schema(Schema.Fields.Take(4).Append(Schema[7]).Select(f => (f.Name, f.Type)).ToArray()) : Schema;
        var input = format == "csv" ? rows.Select(r => new[] { r[0], r[1], r[2], r[3], r[7] }).ToList() : rows;

        var write = new PlanBuilder(parallelism);
        var src = write.Values("t", schema, input, partitions: parallelism);
        write.Sink(src, PlanBuilder.Connector("filesystem", ("path", _dir), ("format", format)));
        await write.RunAsync();

        var visible = Directory.GetFiles(_dir);
        Assert.NotEmpty(visible);
        Assert.All(visible, f => Assert.StartsWith("part-", Path.GetFileName(f)));

        var read = new PlanBuilder(parallelism);
        var back = read.Source("t", schema, PlanBuilder.Connector("filesystem", ("path", _dir), ("format", format)));
        var sink = read.Collect(back);
        await read.RunAsync();
        var got = CollectSinkFactory.Get(sink).Select(r => r.Row).OrderBy(r => (long)r[0]!).ToList();
        Assert.Equal(input.Count, got.Count);
        for (var i = 0; i < input.Count; i++)
        {
            for (var c = 0; c < schema.Count; c++)
            {
                Assert.True(Bsql.Planner.Expressions.LiteralValues.AreEqual(input[i][c], got[i][c]),
                    $"row {i} column {schema[c].Name}: expected {Formats.ValueText.ToText(input[i][c])}, got {Formats.ValueText.ToText(got[i][c])}");
            }
        }
    }

    private static readonly string[] Lines =
    [
        """{"id": 1, "name": "a", "ts": "2024-01-31 12:00:00.000"}""",
        """{"id": "x", "name": "bad id"}""",
        """{"id": 3, "name": "c", "ts": "2024-01-31T12:00:02.5"}""",
        """not json at all""",
        "",
        """{"id": 5, "name": "e"}""",
    ];

    private static readonly RowSchema Small = PlanBuilder.Schema(("id", SqlType.BigInt), ("name", SqlType.String), ("ts", SqlType.Timestamp(3)));

    [Fact]
    public async Task MalformedLines_FailByDefault_WithCodeAndLocation()
    {
        var file = Path.Combine(_dir, "in.jsonl");
        await File.WriteAllLinesAsync(file, Lines);
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", file), ("format", "json")));
        plan.Collect(src);
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => plan.RunAsync());
        Assert.Equal("BSQL4101", error.Code);
        Assert.Contains("in.jsonl:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedLines_IgnoreParseErrors_SkipsAndCounts()
    {
        var file = Path.Combine(_dir, "in.jsonl");
        await File.WriteAllLinesAsync(file, Lines);
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", file), ("format", "json"), ("json.ignore-parse-errors", "true")));
        var sink = plan.Collect(src);
        var result = await plan.RunAsync();
        Assert.Equal([1L, 3L, 5L], CollectSinkFactory.Get(sink).Select(r => (long)r.Row[0]!));
        Assert.Equal(2, result.Metrics.Formats["t"].Skipped);
        Assert.Equal(0, result.Metrics.Formats["t"].DeadLettered);
        Assert.Equal(Ts(1706702402500), CollectSinkFactory.Get(sink)[1].Row[2]);
    }

    [Fact]
    public async Task MalformedLines_DeadLetter_RoutesRawRecordAndReason()
    {
        var file = Path.Combine(_dir, "in.jsonl");
        await File.WriteAllLinesAsync(file, Lines);
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", file), ("format", "json"), ("json.dead-letter", "bad_rows")));
        var sink = plan.Collect(src);
        var deadId = CollectSinkFactory.NewId();
        var deadSchema = PlanBuilder.Schema(("raw", SqlType.String), ("reason", SqlType.String), ("source_table", SqlType.String));
        // The dead-letter table is a sink of the job (fed by nothing else here).
        var empty = plan.Values("none", deadSchema, []);
        plan.Add(new SinkSpec("bad_rows", PlanBuilder.Connector("collect", ("sink-id", deadId)), deadSchema, []), deadSchema,
            ChangelogMode.InsertOnly, 1, (empty, EdgeKind.Forward, []));
        var result = await plan.RunAsync();
        Assert.Equal(3, CollectSinkFactory.Get(sink).Count);
        Assert.Equal(2, result.Metrics.Formats["t"].DeadLettered);
        var dead = CollectSinkFactory.Get(deadId).Select(r => r.Row).ToList();
        Assert.Equal([Lines[1], Lines[3]], dead.Select(r => (string)r[0]!));
        Assert.All(dead, r => Assert.Equal("t", r[2]));
        Assert.Contains("field 'id'", (string)dead[0][1]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetterTable_NotInJob_IsAClearError()
    {
        var file = Path.Combine(_dir, "in.jsonl");
        await File.WriteAllLinesAsync(file, Lines);
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", file), ("format", "json"), ("json.dead-letter", "nowhere")));
        plan.Collect(src);
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => plan.RunAsync());
        Assert.Equal("BSQL4102", error.Code);
    }

    [Fact]
    public async Task MissingPath_IsBsql4003()
    {
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", Path.Combine(_dir, "nope")), ("format", "json")));
        plan.Collect(src);
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => plan.RunAsync());
        Assert.Equal("BSQL4003", error.Code);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_SkipsHiddenAndInProgressFiles()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, ".b.jsonl.inprogress"), "{\"id\": 3}\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "_SUCCESS"), "garbage\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "c.jsonl"), "{\"id\": 4}");
        var plan = new PlanBuilder(2);
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", _dir), ("format", "json")));
        var sink = plan.Collect(src);
        await plan.RunAsync();
        Assert.Equal([1L, 2L, 4L], CollectSinkFactory.Get(sink).Select(r => (long)r.Row[0]!).Order());
    }

    [Fact]
    public async Task SampleTableOverride_ReplacesSourceWithFile()
    {
        var file = Path.Combine(_dir, "sample.csv");
        await File.WriteAllTextAsync(file, "7,seven,2024-01-31 12:00:00.000\n8,\"eight, quoted\",\n");
        var plan = new PlanBuilder();
        var src = plan.Source("orders", Small, PlanBuilder.Connector("kafka", ("topic", "x"), ("format", "json")));
        var sink = plan.Collect(src);
        await plan.RunAsync(options: new JobRunOptions { SampleTables = new Dictionary<string, string> { ["ORDERS"] = file } });
        var rows = CollectSinkFactory.Get(sink).Select(r => r.Row).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("eight, quoted", rows[1][1]);
        Assert.Null(rows[1][2]);
    }

    [Fact]
    public async Task BadOptionValue_IsBsql4001()
    {
        var plan = new PlanBuilder();
        var src = plan.Source("t", Small, PlanBuilder.Connector("filesystem", ("path", _dir), ("format", "csv"), ("csv.field-delimiter", ";;")));
        plan.Collect(src);
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => plan.RunAsync());
        Assert.Equal("BSQL4001", error.Code);
    }
}
