using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class WindowJoinAndRankTests
{
    private static readonly RowSchema W = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("t", SqlType.Timestamp(3)),
        ("ws", SqlType.Timestamp(3)), ("we", SqlType.Timestamp(3)));
    private const long Bound = 500;
    private const long Size = 1000;

    /// <summary>Rows tumbled by 1 s over t, t out of order by less than <see cref="Bound"/>; v unique.</summary>
    private static List<object?[]> Windowed(int seed, int n, int keys)
    {
        var random = new Random(seed);
        long baseTime = 10_000;
        var rows = new List<object?[]>();
        for (var i = 0; i < n; i++)
        {
            baseTime += random.Next(0, 20);
            var t = baseTime + random.Next(0, (int)Bound);
            var ws = t / Size * Size;
            rows.Add([(long)random.Next(keys), (long)(i * 7919 % 100_003), Ts(t), Ts(ws), Ts(ws + Size)]);
        }
        return rows;
    }

    private static object?[] Cat(params object?[][] parts) => parts.SelectMany(p => p).ToArray();

    private static WatermarkSpec Wm => new(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound)), null);

    [Theory]
    [InlineData(JoinType.Inner, 1)]
    [InlineData(JoinType.Left, 2)]
    [InlineData(JoinType.Full, 2)]
    public async Task WindowJoin_MatchesLinqOracle(JoinType type, int parallelism)
    {
        var left = Windowed(5, 500, 30);
        var right = Windowed(6, 500, 30);
        var plan = new PlanBuilder(parallelism);
        var l = plan.Values("l", W, left, Wm, partitions: 2, rowsPerRead: 31);
        var r = plan.Values("r", W, right, Wm, partitions: 2, rowsPerRead: 29);
        var join = plan.Add(new WindowJoinSpec(type, [0], [0], 3, 4, 3, 4, null), W.Concat(W), ChangelogMode.InsertOnly, parallelism,
            (l, EdgeKind.Hash, [0]), (r, EdgeKind.Hash, [0]));
        var sink = plan.Collect(join);
        var result = await plan.RunAsync();

        var expected = new List<string>();
        var rightMatched = new HashSet<int>();
        foreach (var a in left)
        {
            var any = false;
            for (var j = 0; j < right.Count; j++)
            {
                var b = right[j];
                if ((long)a[0]! != (long)b[0]! || !Equals(a[4], b[4])) continue;
                any = true;
                rightMatched.Add(j);
                expected.Add(ValueText.ToText(Cat(a, b)));
            }
            if (!any && type != JoinType.Inner) expected.Add(ValueText.ToText(Cat(a, new object?[5])));
        }
        if (type == JoinType.Full)
        {
            for (var j = 0; j < right.Count; j++)
            {
                if (!rightMatched.Contains(j)) expected.Add(ValueText.ToText(Cat(new object?[5], right[j])));
            }
        }
        var got = CollectSinkFactory.Get(sink).Select(c => ValueText.ToText(c.Row)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), got);
        Assert.Equal(0, result.Metrics.Operators[join].LateRowsDropped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task WindowTopN_EmitsTopRowsPerWindowWithRank(int parallelism)
    {
        var rows = Windowed(8, 2000, 5);
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", W, rows, Wm, partitions: 2, rowsPerRead: 50);
        var rank = plan.Add(new RankSpec([3, 4, 0], [new SortKey(1, true)], 3, true, 4),
            W.Concat(PlanBuilder.Schema(("rn", SqlType.BigInt))), ChangelogMode.InsertOnly, parallelism, (src, EdgeKind.Hash, [3, 4, 0]));
        var sink = plan.Collect(rank);
        await plan.RunAsync();
        var expected = rows.GroupBy(r => (ws: (DateTime)r[3]!, k: (long)r[0]!))
            .SelectMany(g => g.OrderByDescending(r => (long)r[1]!).Take(3).Select((r, i) => ValueText.ToText(Cat(r, [(long)(i + 1)]))))
            .Order(StringComparer.Ordinal).ToList();
        var got = CollectSinkFactory.Get(sink).Select(c => ValueText.ToText(c.Row)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, got);
    }

    private static List<string> ApplyMultiset(IEnumerable<(RowKind Kind, object?[] Row)> changes)
    {
        var counts = new Dictionary<string, int>();
        foreach (var (kind, row) in changes)
        {
            var text = ValueText.ToText(row);
            counts[text] = counts.GetValueOrDefault(text) + (kind is RowKind.Insert or RowKind.UpdateAfter ? 1 : -1);
            Assert.True(counts[text] >= 0, "retraction of a row never emitted: " + text);
        }
        return counts.SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    public async Task TopN_Continuous_ConvergesToLinqTopN(int n, bool outputRank)
    {
        var rows = Windowed(9, 1500, 12);
        var plan = new PlanBuilder(2);
        var src = plan.Values("t", W, rows, partitions: 2, rowsPerRead: 40);
        var output = outputRank ? W.Concat(PlanBuilder.Schema(("rn", SqlType.BigInt))) : W;
        var rank = plan.Add(new RankSpec([0], [new SortKey(1, true)], n, outputRank, null), output, ChangelogMode.Retract, 2, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(rank);
        await plan.RunAsync();
        var expected = rows.GroupBy(r => (long)r[0]!)
            .SelectMany(g => g.OrderByDescending(r => (long)r[1]!).Take(n).Select((r, i) => ValueText.ToText(outputRank ? Cat(r, [(long)(i + 1)]) : r)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, ApplyMultiset(CollectSinkFactory.Get(sink)));
    }

    [Fact]
    public async Task Deduplicate_KeepFirst_EmitsFirstRowPerKeyOnce()
    {
        var rows = Windowed(10, 300, 7).OrderBy(r => (DateTime)r[2]!).ToList();
        var plan = new PlanBuilder();
        var src = plan.Values("t", W, rows, rowsPerRead: 10);
        var rank = plan.Add(new RankSpec([0], [new SortKey(2, false)], 1, false, null), W, ChangelogMode.Retract, 1, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(rank);
        await plan.RunAsync();
        var changes = CollectSinkFactory.Get(sink);
        Assert.All(changes, c => Assert.Equal(RowKind.Insert, c.Kind));
        var expected = rows.GroupBy(r => (long)r[0]!).Select(g => ValueText.ToText(g.First())).Order(StringComparer.Ordinal);
        Assert.Equal(expected, changes.Select(c => ValueText.ToText(c.Row)).Order(StringComparer.Ordinal));
    }
}
