using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Jobs calling user-defined functions from a real assembly (tests/Bsql.TestUdfs), compiled and run end to end, compared
/// with the same computation written in the test.
/// </summary>
public sealed class UserFunctionJobTests : IDisposable
{
    private static readonly string Assembly = typeof(Bsql.TestUdfs.Normalize).Assembly.Location;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-udf-" + Guid.NewGuid().ToString("N"));
    private readonly List<(string? Name, int? N)> _rows = [];

    public UserFunctionJobTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(5);
        var names = new[] { "  Alice ", "BOB", "carol  ", null };
        for (var i = 0; i < 400; i++) _rows.Add((names[random.Next(names.Length)], random.Next(5) == 0 ? null : random.Next(-20, 40)));
        File.WriteAllLines(Path.Combine(_dir, "in.jsonl"), _rows.Select(r =>
            "{" + string.Join(", ", new[] { r.Name is null ? null : $"\"name\": \"{r.Name}\"", r.N is null ? null : $"\"n\": {r.N}" }.OfType<string>()) + "}"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Job(string functions, string select, int parallelism = 1) => $"""
        SET 'parallelism.default' = '{parallelism}';
        {functions}
        CREATE TABLE src (name STRING, n INT) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "in.jsonl")}', 'format' = 'json');
        CREATE TABLE out (a STRING, b STRING) WITH ('connector' = 'print');
        INSERT INTO out SELECT {select} FROM src;
        """;

    private static async Task<List<string>> RunAsync(string sql)
    {
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[(line.IndexOf('>') + 1)..].Trim()).ToList();
    }

    [Fact]
    public async Task ScalarFunctions_MatchTheSameComputationInCSharp()
    {
        var rows = await RunAsync(Job($"""
            CREATE FUNCTION norm AS 'Bsql.TestUdfs.Normalize' USING ASSEMBLY '{Assembly}';
            CREATE FUNCTION clamp AS 'Bsql.TestUdfs.Clamp' USING ASSEMBLY '{Assembly}';
            """, "norm(name), CAST(clamp(n, 0, 10) AS STRING)"));
        // A NULL given to Clamp's long parameter yields NULL without a call; Normalize takes NULL itself.
        var expected = _rows.Select(r => $"+I[{r.Name?.Trim().ToLowerInvariant() ?? "null"}, {(r.N is { } n ? Math.Clamp(n, 0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}]");
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task EachCallSiteHasItsOwnInstance()
    {
        var rows = await RunAsync(Job($"CREATE FUNCTION calls AS 'Bsql.TestUdfs.RunningCount' USING ASSEMBLY '{Assembly}';",
            "CAST(calls(name) AS STRING), CAST(calls(name) * 10 AS STRING)"));
        // Two call sites, two instances: each counts every row once.
        Assert.Equal(Enumerable.Range(1, _rows.Count).Select(i => $"+I[{i}, {i * 10}]"), rows);
    }

    [Fact]
    public async Task FailingFunction_FailsTheJobNamingTheFunction()
    {
        File.WriteAllLines(Path.Combine(_dir, "in.jsonl"), ["{\"name\": \"a\", \"n\": 4}", "{\"name\": \"b\", \"n\": 0}"]);
        var sql = Job($"CREATE FUNCTION hundred_by AS 'Bsql.TestUdfs.HundredDividedBy' USING ASSEMBLY '{Assembly}';", "name, CAST(hundred_by(n) AS STRING)");
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => RunAsync(sql));
        Assert.Equal(RuntimeErrors.ExpressionFailed, error.Code);
        Assert.Contains("function 'HUNDRED_BY' failed: zero is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssemblyGoneAtRunTime_IsAClearStartError()
    {
        var copy = Path.Combine(_dir, "udfs-copy.dll");
        File.Copy(Assembly, copy);
        var compiled = BsqlCompiler.Compile(Job($"CREATE FUNCTION norm AS 'Bsql.TestUdfs.Normalize' USING ASSEMBLY '{copy}';", "norm(name), name"), "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var plan = compiled.Plan! with { Functions = [compiled.Plan!.Functions[0] with { AssemblyPath = Path.Combine(_dir, "moved.dll") }] };
        var error = await Assert.ThrowsAsync<BsqlRuntimeException>(() => JobRunner.RunAsync(plan, new JobRunOptions { Output = TextWriter.Null }, CancellationToken.None));
        Assert.Equal(RuntimeErrors.UserFunctionUnavailable, error.Code);
        Assert.Contains("function 'NORM' cannot be loaded: assembly '" + Path.Combine(_dir, "moved.dll") + "' does not exist", error.Message, StringComparison.Ordinal);
    }
}
