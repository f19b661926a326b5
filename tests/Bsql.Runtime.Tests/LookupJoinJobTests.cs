using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using Bsql.Runtime.Tests.Support;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Lookup-join jobs compiled from SQL and run by the runtime against an in-process lookup client
/// (<see cref="JobRunOptions.LookupClients"/>) whose answers can be delayed or failed per key: output order
/// (ORDERED: exact input order; ALLOW_UNORDERED: same multiset, completion order), bounded in-flight lookups,
/// the lookup timeout, and dead-lettered rows reaching a filesystem dead-letter table.
/// </summary>
public sealed class LookupJoinJobTests : IDisposable
{
    private const int Orders = 600;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bsql-ljoin-" + Guid.NewGuid().ToString("N"));

    public LookupJoinJobTests()
    {
        Directory.CreateDirectory(_dir);
        // Order i looks up user i % 50 (users 0..39 exist); every 17th order has no uid.
        File.WriteAllLines(Path.Combine(_dir, "orders.jsonl"), Enumerable.Range(0, Orders).Select(i =>
            i % 17 == 3 ? $$"""{"oid": {{i}}}""" : $$"""{"oid": {{i}}, "uid": {{i % 50}}}"""));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long? UidOf(int oid) => oid % 17 == 3 ? null : oid % 50;

    private static string? NameOf(long uid) => uid < 40 ? "user" + uid.ToString(CultureInfo.InvariantCulture) : null;

    private string Sql(string join = "LEFT JOIN", string settings = "", string userOptions = "") => $"""
        {settings}
        CREATE TABLE orders (oid BIGINT, uid BIGINT, proc AS PROCTIME())
          WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "orders.jsonl")}', 'format' = 'json');
        CREATE TABLE users (uid BIGINT, name STRING, PRIMARY KEY (uid) NOT ENFORCED)
          WITH ('connector' = 'redis', 'url' = 'redis://unused:1', 'lookup.batch.linger' = '1ms'{userOptions});
        CREATE TABLE failed_lookups (kind STRING, source_table STRING, location STRING, raw STRING, reason STRING, dead_lettered_at TIMESTAMP_LTZ(3))
          WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(_dir, "failed")}', 'format' = 'json');
        CREATE TABLE out_rows (oid BIGINT, uid BIGINT, name STRING) WITH ('connector' = 'blackhole');
        INSERT INTO out_rows
        SELECT o.oid, o.uid, u.name FROM orders AS o {join} users FOR SYSTEM_TIME AS OF o.proc AS u ON u.uid = o.uid;
        """;

    private async Task<(List<string> Rows, JobResult Result)> RunAsync(string sql, FakeUsers users)
    {
        var compiled = BsqlCompiler.Compile(sql, "ljoin.sql");
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors.Select(e => e.ToString())));
        var id = CollectSinkFactory.NewId();
        var collect = new ConnectorSpec("collect", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            [KeyValuePair.Create("connector", "collect"), KeyValuePair.Create("sink-id", id)]));
        var plan = compiled.Plan!;
        // The job's own sink collects; the dead-letter sink (no input) stays a real filesystem table.
        plan = plan with
        {
            Operators = [.. plan.Operators.Select(o => o.Spec is SinkSpec s && plan.InputsOf(o.Id).Any() ? o with { Spec = s with { Connector = collect } } : o)],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await JobRunner.RunAsync(plan, new JobRunOptions
        {
            Connectors = PlanBuilder.Registry,
            Output = TextWriter.Null,
            LookupClients = (_, _, schema, keys, _, _) => ValueTask.FromResult<ILookupClient>(users.Client(schema, keys)),
        }, timeout.Token);
        return (CollectSinkFactory.Get(id).Select(r => Line(r.Row)).ToList(), result);
    }

    private static string Line(object?[] row) => string.Join("|", row.Select(v => v?.ToString() ?? "NULL"));

    private static string Expected(int oid, bool dimensionFailed = false)
    {
        var uid = UidOf(oid);
        var name = uid is { } u && !dimensionFailed ? NameOf(u) : null;
        return $"{oid}|{uid?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}|{name ?? "NULL"}";
    }

    [Fact]
    public async Task Ordered_SlowKeys_RowsLeaveInInputOrder()
    {
        // Even users answer late: in ORDERED mode they still hold back every row behind them.
        var users = new FakeUsers { DelayOf = uid => uid % 2 == 0 ? 30 : 0 };
        var (rows, _) = await RunAsync(Sql(userOptions: ", 'lookup.batch.size' = '1'"), users);
        Assert.Equal(Enumerable.Range(0, Orders).Select(i => Expected(i)).ToList(), rows);
    }

    [Fact]
    public async Task Unordered_SlowKeys_SameRowsInCompletionOrder()
    {
        var users = new FakeUsers { DelayOf = uid => uid % 2 == 0 ? 30 : 0 };
        var (rows, _) = await RunAsync(Sql(settings: "SET 'table.exec.async-lookup.output-mode' = 'ALLOW_UNORDERED';",
            userOptions: ", 'lookup.batch.size' = '1'"), users);
        var expected = Enumerable.Range(0, Orders).Select(i => Expected(i)).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        // Fast keys overtook slow ones: the output is not in input order.
        Assert.NotEqual(expected, rows);
        // A row behind a slow key left before it: the first row out of a slow key's batch is an odd user or a NULL key.
        var firstSlow = rows.FindIndex(r => r.StartsWith("0|", StringComparison.Ordinal));
        Assert.True(firstSlow > 0, "order 0 (user 0, slow) should not be the first row out");
    }

    [Fact]
    public async Task BufferCapacity_BoundsLookupsInFlight()
    {
        var users = new FakeUsers { DelayOf = _ => 2 };
        var (rows, _) = await RunAsync(Sql(settings: "SET 'table.exec.async-lookup.buffer-capacity' = '4';",
            userOptions: ", 'lookup.batch.size' = '1'"), users);
        Assert.Equal(Enumerable.Range(0, Orders).Select(i => Expected(i)).ToList(), rows);
        Assert.InRange(users.MaxConcurrentKeys, 1, 4);
    }

    [Fact]
    public async Task Timeout_RowsWhoseLookupHangs_FollowTheFailurePolicy()
    {
        // User 7 never answers: its rows time out and are NULL-padded; the others join.
        var users = new FakeUsers { HangOf = uid => uid == 7 };
        var (rows, _) = await RunAsync(Sql(settings: "SET 'table.exec.async-lookup.timeout' = '300ms';",
            userOptions: ", 'lookup.failure' = 'null-pad', 'lookup.batch.size' = '1', 'lookup.max-retries' = '0'"), users);
        Assert.Equal(Enumerable.Range(0, Orders).Select(i => Expected(i, dimensionFailed: UidOf(i) == 7)).ToList(), rows);
    }

    [Fact]
    public async Task DeadLetter_FailedLookups_GoToTheDeadLetterTableWithReasons()
    {
        // Users 5 and 6 fail every time: their rows go to failed_lookups; an inner join emits the others that match.
        var users = new FakeUsers { FailOf = uid => uid is 5 or 6 };
        var (rows, result) = await RunAsync(Sql(join: "JOIN",
            userOptions: ", 'lookup.failure' = 'dead-letter', 'lookup.dead-letter' = 'failed_lookups', 'lookup.batch.size' = '1', 'lookup.max-retries' = '1'"), users);

        var failed = Enumerable.Range(0, Orders).Where(i => UidOf(i) is 5 or 6).ToList();
        var matched = Enumerable.Range(0, Orders).Where(i => UidOf(i) is { } u && u < 40 && u is not (5 or 6)).Select(i => Expected(i)).ToList();
        Assert.Equal(matched, rows);

        var dead = ReadDeadLetters();
        Assert.Equal(failed.Count, dead.Count);
        Assert.Equal(failed, dead.Select(d => (int)JsonDocument.Parse(d.GetProperty("raw").GetString()!).RootElement.GetProperty("oid").GetInt64()).Order());
        Assert.All(dead, d =>
        {
            Assert.Equal("lookup", d.GetProperty("kind").GetString());
            Assert.Equal("users", d.GetProperty("source_table").GetString());
            Assert.Contains("store down for user", d.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Matches(@"^\([56]\)$", d.GetProperty("location").GetString()!);
            Assert.False(string.IsNullOrEmpty(d.GetProperty("dead_lettered_at").GetString()));
        });
        var lookupOperator = result.Metrics.Operators.Values.Single(o => o.Name.StartsWith("LookupJoin", StringComparison.Ordinal));
        Assert.Equal(failed.Count, lookupOperator.DeadLettered);
    }

    private List<JsonElement> ReadDeadLetters()
    {
        var dir = Path.Combine(_dir, "failed");
        var files = Directory.EnumerateFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith('_')).ToList();
        Assert.NotEmpty(files);
        return [.. files.SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>Users 0..39 (name "user{uid}"), with per-key delays, hangs and failures.</summary>
    private sealed class FakeUsers
    {
        private int _concurrent;
        private int _max;

        public Func<long, int> DelayOf { get; init; } = _ => 0;

        public Func<long, bool> HangOf { get; init; } = _ => false;

        public Func<long, bool> FailOf { get; init; } = _ => false;

        public int MaxConcurrentKeys => Volatile.Read(ref _max);

        public ILookupClient Client(RowSchema schema, IReadOnlyList<int> keys) => new FakeClient(this, schema, keys);

        private sealed class FakeClient(FakeUsers users, RowSchema schema, IReadOnlyList<int> keys) : ILookupClient
        {
            private static readonly ConcurrentDictionary<long, TaskCompletionSource> Never = new();

            public RowSchema Schema => schema;

            public IReadOnlyList<int> KeyColumns => keys;

            public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> batch, CancellationToken cancellationToken)
            {
                var now = Interlocked.Add(ref users._concurrent, batch.Count);
                int seen;
                while (now > (seen = Volatile.Read(ref users._max)) && Interlocked.CompareExchange(ref users._max, now, seen) != seen)
                {
                }
                try
                {
                    var uids = batch.Select(k => (long)k[0]!).ToList();
                    if (uids.Any(users.FailOf)) throw new IOException($"store down for user {uids.First(users.FailOf)}");
                    if (uids.Any(users.HangOf)) await Never.GetOrAdd(uids.First(users.HangOf), _ => new TaskCompletionSource()).Task.WaitAsync(cancellationToken);
                    var delay = uids.Max(users.DelayOf);
                    if (delay > 0) await Task.Delay(delay, cancellationToken);
                    return [.. uids.Select(uid => NameOf(uid) is { } name ? (IReadOnlyList<object?[]>)[[uid, name]] : [])];
                }
                finally
                {
                    Interlocked.Add(ref users._concurrent, -batch.Count);
                }
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
