using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary><c>X'..'</c> binary literals compared with BYTES read from JSON (base64) and cast to STRING, in a job.</summary>
public sealed class BinaryLiteralTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-bin-" + Guid.NewGuid().ToString("N"));

    public BinaryLiteralTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BinaryLiterals_CompareWithBytesColumns()
    {
        // CgsM = 0A 0B 0C, CgsN = 0A 0B 0D (base64, as the json format reads BYTES).
        await File.WriteAllLinesAsync(Path.Combine(_dir, "in.jsonl"), ["{\"id\": 1, \"b\": \"CgsM\"}", "{\"id\": 2, \"b\": \"CgsN\"}", "{\"id\": 3}"]);
        var sql = $"""
            CREATE TABLE t (id BIGINT, b BYTES) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "in.jsonl")}', 'format' = 'json');
            CREATE TABLE o (id BIGINT, same BOOLEAN, s STRING) WITH ('connector' = 'print');
            INSERT INTO o SELECT id, b = X'0A0B0C', CAST(x'4142' AS STRING) FROM t WHERE b <> X'0a0b0d' OR b IS NULL;
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        Assert.Equal(["+I[1, true, AB]", "+I[3, null, AB]"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf('>') + 1)..].Trim()));
    }
}
