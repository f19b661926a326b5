using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

/// <summary>The delayed window join inside a job: two sources with watermarks, hash (or forward) edges, a collecting sink.</summary>
public sealed class DelayedWindowJoinJobTests
{
    private const long Bound = 2_000;

    private static WatermarkSpec Watermark => new(2, Call("-", SqlType.Timestamp(3), Col(2, SqlType.Timestamp(3)), Interval(Bound)), null);

    public static TheoryData<int, bool, long, long> Cases() => new()
    {
        // parallelism, GLOBAL, window, delay
        { 1, false, 10_000, 2_000 },
        { 2, false, 10_000, 2_000 },
        { 2, false, 60_000, 0 },
        { 1, true, 30_000, 5_000 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Job_FeedJoinClick_MatchesOracle(int parallelism, bool global, long window, long delay)
    {
        // Every row is on time for its own source, so the result does not depend on how watermarks interleave.
        var (feed, click) = SjoinStreams.Generate(parallelism * 10 + (global ? 1 : 0), 3000, window, delay, Bound, window / 50, withLate: false);
        var feedRows = feed.OrderBy(f => f.Arrival).Select(f => f.Row).ToList();
        var clickRows = click.OrderBy(c => c.Arrival).Select(c => c.Row).ToList();
        var plan = new PlanBuilder(parallelism);
        var f = plan.Values("feed", SjoinStreams.Feed, feedRows, Watermark, partitions: 2 * parallelism, rowsPerRead: 53);
        var c = plan.Values("click", SjoinStreams.Click, clickRows, Watermark, partitions: parallelism, rowsPerRead: 31);
        var spec = SjoinStreams.Spec(window, delay, global, SjoinStreams.PosNot3);
        var edge = global ? EdgeKind.Forward : EdgeKind.Hash;
        var join = plan.Add(spec, SjoinStreams.Output, ChangelogMode.InsertOnly, parallelism, (f, edge, [0]), (c, edge, [0]));
        var sink = plan.Collect(join);
        await plan.RunAsync();

        // With no watermark before the end, the oracle fires every left row at the final watermark.
        List<SjoinEvent> events = [.. feedRows.Select(r => new SjoinEvent(0, r, 0)), .. clickRows.Select(r => new SjoinEvent(1, r, 0)), new(0, null, long.MaxValue)];
        var expected = SjoinStreams.Oracle(events, window, delay, TestExpressions.Instance.CompilePredicate(SjoinStreams.PosNot3), LateRowPolicy.Emit);
        var actual = CollectSinkFactory.Get(sink);
        Assert.All(actual, r => Assert.Equal(RowKind.Insert, r.Kind));
        Assert.True(expected.Matched > 100 && expected.Unmatched > 100);
        SjoinStreams.AssertSameRows(expected.Rows, actual.Select(r => r.Row));
    }
}
