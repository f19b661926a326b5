using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class GroupAggregateTests
{
    private static readonly RowSchema Input = PlanBuilder.Schema(("k", SqlType.BigInt), ("v", SqlType.BigInt), ("s", SqlType.String));

    /// <summary>Applies a changelog to a table keyed by the first <paramref name="keyColumns"/> columns, checking it is well-formed.</summary>
    internal static Dictionary<string, object?[]> Apply(IEnumerable<(RowKind Kind, object?[] Row)> changes, int keyColumns)
    {
        var table = new Dictionary<string, object?[]>();
        foreach (var (kind, row) in changes)
        {
            var key = string.Join("|", row.Take(keyColumns));
            switch (kind)
            {
                case RowKind.Insert or RowKind.UpdateAfter:
                    Assert.False(table.ContainsKey(key), $"{kind} of existing key {key}");
                    table[key] = row;
                    break;
                default:
                    Assert.True(table.TryGetValue(key, out var old), $"{kind} of missing key {key}");
                    Assert.Equal(Formats.ValueText.ToText(old), Formats.ValueText.ToText(row));
                    table.Remove(key);
                    break;
            }
        }
        return table;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task GroupAggregate_UpdateStream_ConvergesToLinqResult(int parallelism)
    {
        var random = new Random(parallelism);
        var rows = Enumerable.Range(0, 4000).Select(i => new object?[] { (long)random.Next(50), (long)random.Next(-100, 100), "s" + random.Next(5) }).ToList();
        var plan = new PlanBuilder(parallelism);
        var src = plan.Values("t", Input, rows, partitions: parallelism, rowsPerRead: 64);
        var spec = new GroupAggregateSpec([0],
            [Aggs.CountStar(), Aggs.Of(AggregateFunction.Sum, 1, SqlType.BigInt, "sum"), Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "max"),
             Aggs.Of(AggregateFunction.Count, 2, SqlType.BigInt, "ds", distinct: true), Aggs.Of(AggregateFunction.Avg, 1, SqlType.BigInt, "avg")],
            AggregatePhase.Single, null);
        var agg = plan.Add(spec, PlanBuilder.Schema(("k", SqlType.BigInt), ("c", SqlType.BigInt), ("sum", SqlType.BigInt), ("max", SqlType.BigInt),
            ("ds", SqlType.BigInt), ("avg", SqlType.BigInt)), ChangelogMode.Retract, parallelism, (src, EdgeKind.Hash, [0]));
        var sink = plan.Collect(agg);
        await plan.RunAsync();

        var changes = CollectSinkFactory.Get(sink);
        Assert.Equal(RowKind.Insert, changes.GroupBy(c => c.Row[0]).Select(g => g.First().Kind).Distinct().Single());
        var final = Apply(changes, 1).Values.Select(Formats.ValueText.ToText).Order(StringComparer.Ordinal).ToList();
        var expected = rows.GroupBy(r => (long)r[0]!)
            .Select(g => Formats.ValueText.ToText(new object?[]
            {
                g.Key, (long)g.Count(), g.Sum(r => (long)r[1]!), g.Max(r => (long)r[1]!), (long)g.Select(r => r[2]).Distinct().Count(),
                g.Sum(r => (long)r[1]!) / g.Count(),
            }))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, final);
    }

    [Fact]
    public async Task GroupAggregate_OverUpdateStream_RetractsAndDeletes()
    {
        // Count per v of a per-k max: k=1 moves from v=5 to v=9, k=2 stays on 5; k=1's old group (5) shrinks.
        var rows = new List<object?[]> { new object?[] { 1L, 5L, "a" }, new object?[] { 2L, 5L, "b" }, new object?[] { 1L, 9L, "c" } };
        var plan = new PlanBuilder();
        var src = plan.Values("t", Input, rows, rowsPerRead: 1);
        var perK = plan.Add(new GroupAggregateSpec([0], [Aggs.Of(AggregateFunction.Max, 1, SqlType.BigInt, "m")], AggregatePhase.Single, null),
            PlanBuilder.Schema(("k", SqlType.BigInt), ("m", SqlType.BigInt)), ChangelogMode.Retract, 1, (src, EdgeKind.Hash, [0]));
        var perM = plan.Add(new GroupAggregateSpec([1], [Aggs.CountStar()], AggregatePhase.Single, null),
            PlanBuilder.Schema(("m", SqlType.BigInt), ("c", SqlType.BigInt)), ChangelogMode.Retract, 1, (perK, EdgeKind.Hash, [1]));
        var sink = plan.Collect(perM);
        await plan.RunAsync();
        var text = CollectSinkFactory.Get(sink).Select(c => $"{c.Kind}{Formats.ValueText.ToText(c.Row)}").ToList();
        Assert.Equal(["Insert[5, 1]", "UpdateBefore[5, 1]", "UpdateAfter[5, 2]", "UpdateBefore[5, 2]", "UpdateAfter[5, 1]", "Insert[9, 1]"], text);
    }
}
