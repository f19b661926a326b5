using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class JoinTests
{
    private static readonly RowSchema L = PlanBuilder.Schema(("lk", SqlType.BigInt), ("lv", SqlType.BigInt), ("lt", SqlType.Timestamp(3)));
    private static readonly RowSchema R = PlanBuilder.Schema(("rk", SqlType.BigInt), ("rv", SqlType.BigInt), ("rt", SqlType.Timestamp(3)));
    private static readonly RowSchema Out = L.Concat(R);

    private static List<object?[]> RandomRows(int seed, int n, int keys, long bound)
    {
        var random = new Random(seed);
        long baseTime = 1_000_000;
        var rows = new List<object?[]>();
        for (var i = 0; i < n; i++)
        {
            baseTime += random.Next(0, 30);
            rows.Add([(long)random.Next(keys), (long)i, Ts(baseTime + random.Next(0, (int)bound))]);
        }
        return rows;
    }

    private static string Text(object?[] row) => ValueText.ToText(row);

    private static List<string> ExpectedJoin(List<object?[]> left, List<object?[]> right, JoinType type, Func<object?[], object?[], bool> match)
    {
        var result = new List<string>();
        var rightMatched = new bool[right.Count];
        foreach (var l in left)
        {
            var any = false;
            for (var j = 0; j < right.Count; j++)
            {
                if (!match(l, right[j])) continue;
                any = true;
                rightMatched[j] = true;
                result.Add(Text([.. l, .. right[j]]));
            }
            if (!any && type is JoinType.Left or JoinType.Full) result.Add(Text([.. l, null, null, null]));
        }
        for (var j = 0; j < right.Count; j++)
        {
            if (!rightMatched[j] && type is JoinType.Right or JoinType.Full) result.Add(Text([null, null, null, .. right[j]]));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The multiset a changelog without unique key ends at (+I/+U add a row, -U/-D remove one).</summary>
    private static List<string> ApplyMultiset(IEnumerable<(RowKind Kind, object?[] Row)> changes)
    {
        var counts = new Dictionary<string, int>();
        foreach (var (kind, row) in changes)
        {
            var text = Text(row);
            var delta = kind is RowKind.Insert or RowKind.UpdateAfter ? 1 : -1;
            counts[text] = counts.GetValueOrDefault(text) + delta;
            Assert.True(counts[text] >= 0, $"retraction of a row never emitted: {text}");
        }
        return counts.SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).Order(StringComparer.Ordinal).ToList();
    }

    public static TheoryData<JoinType, int> RegularCases() => new()
    {
        { JoinType.Inner, 1 }, { JoinType.Left, 2 }, { JoinType.Right, 1 }, { JoinType.Full, 3 },
    };

    [Theory]
    [MemberData(nameof(RegularCases))]
    public async Task RegularJoin_ChangelogConvergesToLinqJoin(JoinType type, int parallelism)
    {
        var left = RandomRows(1, 400, 60, 100);
        var right = RandomRows(2, 300, 80, 100);
        var plan = new PlanBuilder(parallelism);
        var l = plan.Values("l", L, left, partitions: 2, rowsPerRead: 17);
        var r = plan.Values("r", R, right, partitions: 2, rowsPerRead: 13);
        // Non-equi remainder: lv > rv - 250.
        var condition = Call(">", SqlType.Boolean, Col(1, SqlType.BigInt), Call("-", SqlType.BigInt, Col(4, SqlType.BigInt), Lit(250L, SqlType.BigInt)));
        var join = plan.Add(new JoinSpec(type, [0], [0], condition, null), Out, ChangelogMode.Retract, parallelism,
            (l, EdgeKind.Hash, [0]), (r, EdgeKind.Hash, [0]));
        var sink = plan.Collect(join);
        await plan.RunAsync();
        var expected = ExpectedJoin(left, right, type, (a, b) => (long)a[0]! == (long)b[0]! && (long)a[1]! > (long)b[1]! - 250);
        Assert.Equal(expected, ApplyMultiset(CollectSinkFactory.Get(sink)));
    }

    [Fact]
    public async Task RegularJoin_OverRetractingInput_RetractsJoinedRows()
    {
        // Left is an aggregate (max lv per lk): its -U/+U must retract and re-emit the joined rows.
        var left = new List<object?[]> { new object?[] { 1L, 10L, Ts(0) }, new object?[] { 1L, 20L, Ts(0) } };
        var right = new List<object?[]> { new object?[] { 1L, 7L, Ts(0) } };
        var plan = new PlanBuilder();
        var l = plan.Values("l", L, left, rowsPerRead: 1);
        var agg = plan.Add(new GroupAggregateSpec([0], [Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "m")], AggregatePhase.Single, null),
            PlanBuilder.Schema(("lk", SqlType.BigInt), ("m", SqlType.BigInt)), ChangelogMode.Retract, 1, (l, EdgeKind.Hash, [0]));
        var r = plan.Values("r", R, right);
        var join = plan.Add(new JoinSpec(JoinType.Inner, [0], [0], null, null), PlanBuilder.Schema(("lk", SqlType.BigInt), ("m", SqlType.BigInt)).Concat(R),
            ChangelogMode.Retract, 1, (agg, EdgeKind.Hash, [0]), (r, EdgeKind.Hash, [0]));
        var sink = plan.Collect(join);
        await plan.RunAsync();
        Assert.Equal(["[1, 20, 1, 7, 1970-01-01 00:00:00.000]"], ApplyMultiset(CollectSinkFactory.Get(sink)));
    }

    public static TheoryData<JoinType, int> IntervalCases() => new()
    {
        { JoinType.Inner, 1 }, { JoinType.Left, 2 }, { JoinType.Right, 1 }, { JoinType.Full, 2 },
    };

    [Theory]
    [MemberData(nameof(IntervalCases))]
    public async Task IntervalJoin_AppendOnly_MatchesLinqOracle(JoinType type, int parallelism)
    {
        const long bound = 200;
        var left = RandomRows(3, 600, 40, bound);
        var right = RandomRows(4, 600, 40, bound);
        var plan = new PlanBuilder(parallelism);
        WatermarkSpec Wm() => new(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(bound)), null);
        var l = plan.Values("l", L, left, Wm(), partitions: 2, rowsPerRead: 23);
        var r = plan.Values("r", R, right, Wm(), partitions: 2, rowsPerRead: 19);
        // b.t BETWEEN a.t - 100 AND a.t + 300
        var join = plan.Add(new IntervalJoinSpec(type, [0], [0], 2, 2, -100, 300, null), Out, ChangelogMode.InsertOnly, parallelism,
            (l, EdgeKind.Hash, [0]), (r, EdgeKind.Hash, [0]));
        var sink = plan.Collect(join);
        await plan.RunAsync();
        var changes = CollectSinkFactory.Get(sink);
        Assert.All(changes, c => Assert.Equal(RowKind.Insert, c.Kind));
        var expected = ExpectedJoin(left, right, type, (a, b) =>
        {
            var ta = Time.EventTime.ToMillis((DateTime)a[2]!);
            var tb = Time.EventTime.ToMillis((DateTime)b[2]!);
            return (long)a[0]! == (long)b[0]! && tb >= ta - 100 && tb <= ta + 300;
        });
        Assert.Equal(expected, changes.Select(c => Text(c.Row)).Order(StringComparer.Ordinal).ToList());
    }
}
