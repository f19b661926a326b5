using Bsql.Planner;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Tests;

/// <summary>
/// <c>WHERE x [NOT] IN (SELECT k ...)</c> and <c>WHERE [NOT] EXISTS (SELECT ...)</c> run as jobs over random orders and
/// users (duplicate keys, NULL keys), the printed changelog applied and compared with the set semantics computed in the test.
/// </summary>
public sealed class InSubqueryJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-in-" + Guid.NewGuid().ToString("N"));
    private readonly List<(long Id, long? User)> _orders = [];
    private readonly List<(long Uid, bool Vip)> _users = [];

    public InSubqueryJobTests()
    {
        Directory.CreateDirectory(_dir);
        var random = new Random(17);
        for (var i = 0; i < 400; i++) _orders.Add((i, random.Next(10) == 0 ? null : random.Next(40)));
        for (var i = 0; i < 60; i++) _users.Add((random.Next(30), random.Next(2) == 0));
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), _orders.Select(o => $$"""{"id": {{o.Id}}, "user_id": {{(o.User is { } u ? u.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}}}"""));
        File.WriteAllLines(Path.Combine(_dir, "users.jsonl"), _users.Select(u => $$"""{"uid": {{u.Uid}}, "vip": {{(u.Vip ? "true" : "false")}}}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The rows left after applying the printed changelog (+I/+U add, -U/-D remove).</summary>
    private async Task<List<string>> RunAsync(int parallelism, string where)
    {
        var sql = $"""
            SET 'parallelism.default' = '{parallelism}';
            CREATE TABLE orders (id BIGINT, user_id BIGINT) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
            CREATE TABLE users (uid BIGINT, vip BOOLEAN) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "users.jsonl")}', 'format' = 'json');
            CREATE TABLE out (id BIGINT) WITH ('connector' = 'print');
            INSERT INTO out SELECT id FROM orders WHERE {where};
            """;
        var compiled = BsqlCompiler.Compile(sql, "job.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var output = new StringWriter();
        await JobRunner.RunAsync(compiled.Plan!, new JobRunOptions { Output = output }, CancellationToken.None);
        var rows = new List<string>();
        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf('>') + 1)..].Trim()))
        {
            if (line[0] == '+') rows.Add(line[3..^1]);
            else Assert.True(rows.Remove(line[3..^1]), "retraction of a row never added: " + line);
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static List<string> Ids(IEnumerable<(long Id, long? User)> orders) =>
        [.. orders.Select(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task In_KeepsEachMatchingRowOnce(int parallelism)
    {
        var vips = _users.Where(u => u.Vip).Select(u => u.Uid).ToHashSet();
        Assert.Equal(Ids(_orders.Where(o => o.User is { } u && vips.Contains(u))), await RunAsync(parallelism, "user_id IN (SELECT uid FROM users WHERE vip)"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task NotIn_KeepsRowsWithoutAMatchAndWithAKey(int parallelism)
    {
        var known = _users.Select(u => u.Uid).ToHashSet();
        Assert.Equal(Ids(_orders.Where(o => o.User is { } u && !known.Contains(u) && o.Id % 2 == 0)),
            await RunAsync(parallelism, "id % 2 = 0 AND user_id NOT IN (SELECT uid FROM users)"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CorrelatedExists_KeepsEachRowWithAMatchOnce(int parallelism)
    {
        // `uid` and `vip` are the subquery's own; `o.user_id` is the outer row's.
        var vips = _users.Where(u => u.Vip).Select(u => u.Uid).ToHashSet();
        Assert.Equal(Ids(_orders.Where(o => o.User is { } u && vips.Contains(u))),
            await RunAsync(parallelism, "EXISTS (SELECT 1 FROM users WHERE uid = orders.user_id AND vip)"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CorrelatedNotExists_KeepsRowsWithoutAMatch_IncludingNullKeys(int parallelism)
    {
        // Unlike NOT IN, a NULL user_id matches nothing, so NOT EXISTS keeps the row.
        var known = _users.Select(u => u.Uid).ToHashSet();
        Assert.Equal(Ids(_orders.Where(o => (o.User is not { } u || !known.Contains(u)) && o.Id % 3 == 0)),
            await RunAsync(parallelism, "id % 3 = 0 AND NOT EXISTS (SELECT * FROM users u WHERE u.uid = user_id + 0)"));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(1000)]
    public async Task UncorrelatedExists_KeepsEveryRowOrNone(int threshold)
    {
        var any = _users.Any(u => u.Uid > threshold);
        Assert.Equal(threshold == 25, any); // both outcomes are exercised
        Assert.Equal(any ? Ids(_orders) : [], await RunAsync(1, $"EXISTS (SELECT uid FROM users WHERE uid > {threshold})"));
    }
}
