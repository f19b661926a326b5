using System.Text.Json;
using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// <c>'&lt;format&gt;.dead-letter'</c> end to end from SQL: the dead-letter table is not written by any INSERT, the planner
/// makes it a sink of the job, and undecodable records land in its files with the shared dead-letter columns.
/// </summary>
public sealed class DeadLetterJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-dlq-" + Guid.NewGuid().ToString("N"));

    public DeadLetterJobTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string> VisibleLines(string dir) =>
        [.. Directory.EnumerateFiles(dir).Where(f => Path.GetFileName(f)[0] is not ('.' or '_')).Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0)];

    [Fact]
    public async Task FormatDeadLetter_TableOnlyNamedByTheOption_ReceivesBadRecordsWithReasons()
    {
        string[] lines = ["{\"id\": 1}", "{\"id\": oops}", "{\"id\": 3}", "not json", "{\"id\": \"x\"}", "{\"id\": 6}"];
        await File.WriteAllLinesAsync(Path.Combine(_dir, "in.jsonl"), lines);
        var sql = $"""
            CREATE TABLE src (id BIGINT)
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "in.jsonl")}', 'format' = 'json', 'json.dead-letter' = 'bad_records');
            CREATE TABLE bad_records (kind STRING, source_table STRING, location STRING, raw STRING, reason STRING, extra BIGINT)
              WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "bad")}', 'format' = 'json');
            CREATE TABLE good (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "good")}', 'format' = 'json');
            INSERT INTO good SELECT id FROM src;
            """;
        var compiled = BsqlCompiler.Compile(sql, "dlq.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));

        var result = await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = TextWriter.Null }, CancellationToken.None);

        Assert.Equal(["{\"id\":1}", "{\"id\":3}", "{\"id\":6}"], VisibleLines(Path.Combine(_dir, "good")));
        var dead = VisibleLines(Path.Combine(_dir, "bad")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([lines[1], lines[3], lines[4]], dead.Select(d => d.GetProperty("raw").GetString()));
        Assert.All(dead, d =>
        {
            Assert.Equal("decode", d.GetProperty("kind").GetString());
            Assert.Equal("src", d.GetProperty("source_table").GetString());
            Assert.False(string.IsNullOrEmpty(d.GetProperty("reason").GetString()));
            Assert.Equal(JsonValueKind.Null, d.GetProperty("extra").ValueKind);
        });
        Assert.Equal(["in.jsonl:2", "in.jsonl:4", "in.jsonl:5"], dead.Select(d => Path.GetFileName(d.GetProperty("location").GetString()!)));
        Assert.Equal(3, result.Metrics.Formats["src"].DeadLettered);
    }
}
