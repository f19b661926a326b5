using System.Globalization;
using System.Text.Json;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// <c>JSON_VALUE(... RETURNING type [behavior ON EMPTY] [behavior ON ERROR])</c> run in a job over documents that hit every
/// case (value, JSON null, missing, object, unconvertible text, invalid JSON, NULL), compared with a reference written
/// with System.Text.Json in the test.
/// </summary>
public sealed class JsonValueBehaviorTests : IDisposable
{
    private static readonly string?[] Documents =
    [
        """{"n": 5}""", """{"n": -17}""", """{"n": "42"}""", """{"n": null}""", "{}", """{"n": {"x": 1}}""", """{"n": [1, 2]}""",
        """{"n": "abc"}""", """{"n": true}""", "not json", null,
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-json-" + Guid.NewGuid().ToString("N"));

    public JsonValueBehaviorTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Path.Combine(_dir, "in.jsonl"), Documents.Select((d, i) =>
            d is null ? $$"""{"id": {{i}}}""" : $$"""{"id": {{i}}, "payload": {{JsonSerializer.Serialize(d)}}}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private enum Outcome { Null, Empty, Error, Value }

    /// <summary>The reference: what '$.n' holds in <paramref name="document"/>, as INT.</summary>
    private static (Outcome Outcome, int Value) Reference(string? document)
    {
        if (document is null) return (Outcome.Null, 0);
        JsonElement n;
        try
        {
            using var doc = JsonDocument.Parse(document);
            if (!doc.RootElement.TryGetProperty("n", out var found)) return (Outcome.Empty, 0);
            n = found.Clone();
        }
        catch (JsonException)
        {
            return (Outcome.Error, 0);
        }
        var text = n.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => n.GetString(),
            JsonValueKind.Number => n.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => n.GetRawText(),
            _ => "<not a scalar>",
        };
        if (text is null) return (Outcome.Empty, 0);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? (Outcome.Value, value) : (Outcome.Error, 0);
    }

    private async Task<List<string>> RunAsync(string select)
    {
        var sql = $"""
            CREATE TABLE src (id INT, payload STRING) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "in.jsonl")}', 'format' = 'json');
            CREATE TABLE out (id INT, v INT) WITH ('connector' = 'print');
            INSERT INTO out SELECT id, {select} FROM src;
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[(line.IndexOf('>') + 1)..].Trim()).ToList();
    }

    private static IEnumerable<string> Expected(Func<Outcome, int, string> render) =>
        Documents.Select((d, i) => (i, Reference(d))).Select(x => $"+I[{x.i}, {render(x.Item2.Outcome, x.Item2.Value)}]");

    [Fact]
    public async Task Returning_IsNullOnEmptyAndOnError()
    {
        var rows = await RunAsync("JSON_VALUE(payload, '$.n' RETURNING INT)");
        Assert.Equal(Expected((o, v) => o == Outcome.Value ? v.ToString(CultureInfo.InvariantCulture) : "null"), rows);
    }

    [Fact]
    public async Task Defaults_ApplyToTheirOwnCondition()
    {
        var rows = await RunAsync("JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT -1 ON EMPTY DEFAULT -2 ON ERROR)");
        Assert.Equal(Expected((o, v) => o switch
        {
            Outcome.Value => v.ToString(CultureInfo.InvariantCulture),
            Outcome.Empty => "-1",
            Outcome.Error => "-2",
            _ => "null",
        }), rows);
    }

    [Fact]
    public async Task ErrorOnEmpty_FailsTheJobOnTheFirstEmptyValue()
    {
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => RunAsync("JSON_VALUE(payload, '$.n' RETURNING INT ERROR ON EMPTY NULL ON ERROR)"));
        Assert.Equal(RuntimeErrors.ExpressionFailed, error.Code);
        Assert.Contains("JSON_VALUE: no value at path '$.n' (ERROR ON EMPTY)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorOnError_NamesTheValueThatDoesNotConvert()
    {
        File.WriteAllLines(Path.Combine(_dir, "in.jsonl"), ["""{"id": 1, "payload": "{\"n\": 3}"}""", """{"id": 2, "payload": "{\"n\": \"abc\"}"}"""]);
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => RunAsync("JSON_VALUE(payload, '$.n' RETURNING INT ERROR ON ERROR)"));
        Assert.Contains("JSON_VALUE: the value 'abc' at path '$.n' does not convert to the RETURNING type (ERROR ON ERROR)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JSON_VALUE(payload, '$.n' RETURNING ARRAY<INT>)", "JSON_VALUE returns a scalar")]
    [InlineData("JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT 'x' ON EMPTY)", "expected a DEFAULT of type INT, found CHAR(1)")]
    [InlineData("JSON_VALUE(id, '$.n' RETURNING INT)", "expected STRING for JSON_VALUE, found INT")]
    public void BadClauses_AreBindErrors(string select, string message)
    {
        var sql = $"""
            CREATE TABLE src (id INT, payload STRING) WITH ('connector' = 'datagen');
            CREATE TABLE out (id INT, v INT) WITH ('connector' = 'blackhole');
            INSERT INTO out SELECT id, {select} FROM src;
            """;
        var error = Assert.Single(BsqlCompiler.Compile(sql, "job.sql").Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
