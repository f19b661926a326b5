using Bsql.Planner.Physical;
using Bsql.Runtime.Operators;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

public sealed class DelayedWindowJoinTests
{
    private static Func<object?[], bool> Condition(bool withCondition) =>
        withCondition ? TestExpressions.Instance.CompilePredicate(SjoinStreams.PosNot3) : null!;

    [Fact]
    public async Task Boundaries_FollowTheLanguageSpecExactly()
    {
        // W = 10, D = 5: a at 100 matches b in [100, 110) and is emitted when the watermark reaches 115.
        var harness = new SjoinHarness(SjoinStreams.Spec(10, 5));
        await harness.OpenAsync();
        var k = 1L;
        List<SjoinEvent> events =
        [
            new(1, [k, 0L, Ts(109)], 0),           // click before its impression: kept
            new(0, [k, 1L, Ts(100)], 0),
            new(1, [k, 1L, Ts(99)], 0),            // before a.ts: no match
            new(1, [k, 2L, Ts(110)], 0),           // a.ts + W: no match
            new(0, [2L, 2L, Ts(50)], 0),
            new(0, null, 114),                     // 50 + 15 = 65 fires; 100 not yet
            new(1, [k, 3L, Ts(100)], 0),           // behind the watermark by 14 > D, but a is not emitted: joins
            new(0, null, 115),                     // a fires
            new(1, [k, 4L, Ts(105)], 0),           // a already emitted: too late for it
            new(0, [k, 5L, Ts(100)], 0),           // 100 + 15 <= 115: late, emitted unmatched at once
            new(0, [k, 6L, Ts(101)], 0),           // not late (fires at 116), joins the click at 105 and 109 and 110
            new(0, null, 125),                     // b(110) expires at 125 after the firing at 116
            new(1, [k, 7L, Ts(110)], 0),           // 110 + 15 <= 125: dropped on arrival
            new(0, null, long.MaxValue),
        ];
        harness.Feed(events, 0, 6, seed: 1);
        Assert.Equal(["2|2|50|NULL|NULL|NULL"], harness.Rows.Select(SjoinStreams.Text));
        harness.Feed(events, 6, 8, seed: 1);
        Assert.Equal(
            ["1|1|100|1|0|109", "1|1|100|1|3|100", "2|2|50|NULL|NULL|NULL"],
            harness.Rows.Select(SjoinStreams.Text).Order(StringComparer.Ordinal));
        harness.Feed(events, 8, 10, seed: 1);
        Assert.Contains("1|5|100|NULL|NULL|NULL", harness.Rows.Select(SjoinStreams.Text));
        harness.Feed(events, 10, events.Count, seed: 1);
        var op = harness.Operators[0];
        Assert.Equal(1, op.Counters.LateLeftEmitted);
        Assert.Equal(1, op.Counters.LateRightDropped);
        Assert.Equal(0, op.BufferedLeftRows);
        Assert.Equal(0, op.BufferedRightRows);
        Assert.Equal(
            ["1|1|100|1|0|109", "1|1|100|1|3|100", "1|5|100|NULL|NULL|NULL", "1|6|101|1|0|109", "1|6|101|1|2|110", "1|6|101|1|4|105", "2|2|50|NULL|NULL|NULL"],
            harness.Rows.Select(SjoinStreams.Text).Order(StringComparer.Ordinal));
        SjoinStreams.AssertSameRows(SjoinStreams.Oracle(events, 10, 5, null, LateRowPolicy.Emit).Rows, harness.Rows);
    }

    public static TheoryData<long, long, long, int, bool, LateRowPolicy> OperatorCases() => new()
    {
        // window, delay, out-of-orderness bound, parallelism, residual condition, late-row policy
        { 10_000, 2_000, 1_500, 1, false, LateRowPolicy.Emit },
        { 10_000, 0, 1_500, 1, true, LateRowPolicy.Emit },
        { 60_000, 10_000, 3_000, 2, false, LateRowPolicy.Drop },
        { 2_000, 5_000, 800, 2, true, LateRowPolicy.DeadLetter },
        { 3_600_000, 600_000, 30_000, 1, false, LateRowPolicy.Emit },
    };

    [Theory]
    [MemberData(nameof(OperatorCases))]
    public async Task Operator_RandomFeedAndClicks_MatchesOracle(long window, long delay, long bound, int parallelism, bool withCondition, LateRowPolicy policy)
    {
        var spacing = Math.Max(1, window / 40);
        var (feed, click) = SjoinStreams.Generate((int)(window % 1000) + parallelism, 2500, window, delay, bound, spacing, withLate: true);
        var events = SjoinStreams.Interleave(7, feed, click, bound);
        var spec = SjoinStreams.Spec(window, delay, condition: withCondition ? SjoinStreams.PosNot3 : null, late: policy);
        var harness = new SjoinHarness(spec, parallelism);
        await harness.OpenAsync();
        harness.Feed(events, 0, events.Count, seed: 3);
        harness.EndInputs();

        var expected = SjoinStreams.Oracle(events, window, delay, withCondition ? Condition(true) : null, policy);
        SjoinStreams.AssertSameRows(expected.Rows, harness.Rows);
        var counters = harness.Operators.Select(o => o.Counters).ToList();
        Assert.True(expected.LateLeft > 0, "the stream has late left rows");
        Assert.True(expected.Matched > 0 && expected.Unmatched > 0);
        Assert.Equal(expected.Matched, counters.Sum(c => c.MatchedRows));
        Assert.Equal(expected.Unmatched, counters.Sum(c => c.UnmatchedRows));
        var late = policy switch
        {
            LateRowPolicy.Emit => counters.Sum(c => c.LateLeftEmitted),
            LateRowPolicy.Drop => counters.Sum(c => c.LateLeftDropped),
            _ => counters.Sum(c => c.LateLeftDeadLettered),
        };
        Assert.Equal(expected.LateLeft, late);
        // Dead-lettered late rows reach the dead-letter queue, one record each, with their kind and reason.
        Assert.Equal(policy == LateRowPolicy.DeadLetter ? expected.LateLeft : 0, harness.DeadLetters.Records.Count);
        Assert.All(harness.DeadLetters.Records, r =>
        {
            Assert.Equal(DeadLetterColumns.KindLateRow, r.Kind);
            Assert.Equal("late_rows", r.DeadLetterTable);
            Assert.StartsWith("late left row", r.Reason, StringComparison.Ordinal);
        });
        Assert.True(counters.Sum(c => c.LateRightDropped) > 0, "some clicks arrive after every impression they could match");
        Assert.All(harness.Operators, o => Assert.Equal(0, o.BufferedLeftRows + o.BufferedRightRows));
        await harness.CloseAsync();
    }

    [Fact]
    public async Task Global_TwoSubtasksShareRightRows_MatchesOracle()
    {
        const long window = 20_000, delay = 4_000, bound = 2_000;
        var (feed, click) = SjoinStreams.Generate(11, 2000, window, delay, bound, 500, withLate: true);
        var events = SjoinStreams.Interleave(5, feed, click, bound);
        var harness = new SjoinHarness(SjoinStreams.Spec(window, delay, global: true), parallelism: 2);
        await harness.OpenAsync();
        harness.Feed(events, 0, events.Count, seed: 9);
        SjoinStreams.AssertSameRows(SjoinStreams.Oracle(events, window, delay, null, LateRowPolicy.Emit).Rows, harness.Rows);
        // Rows were spread round-robin, so matches needed the other subtask's clicks.
        Assert.All(harness.Operators, o => Assert.True(o.Counters.MatchedRows > 0));
        await harness.CloseAsync();
    }

    public static TheoryData<long, long, long, int, bool> RightSpillCases() => new()
    {
        // window, delay, out-of-orderness bound, parallelism, GLOBAL
        { 10_000, 2_000, 1_500, 1, false },
        { 30_000, 5_000, 2_000, 2, false },
        { 5_000, 0, 800, 1, false },
        { 20_000, 4_000, 2_000, 2, true },
    };

    [Theory]
    [MemberData(nameof(RightSpillCases))]
    public async Task RightRowsSpill_UnderATinyCap_MatchesOracle(long window, long delay, long bound, int parallelism, bool global)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bsql-sjoin-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (feed, click) = SjoinStreams.Generate((int)(window % 997) + parallelism, 2500, window, delay, bound, Math.Max(1, window / 40), withLate: true);
            var events = SjoinStreams.Interleave(17, feed, click, bound);
            var spec = SjoinStreams.Spec(window, delay, global, SjoinStreams.PosNot3);
            // A few KB: left buckets beyond the firing one spill, and the right rows (all of them, every few batches) too.
            var options = new DelayedWindowJoinOptions { MemoryMaxBytes = 6_000, BucketMs = Math.Max(1, (window + delay) / 12), SpillDirectory = dir };
            var harness = new SjoinHarness(spec, parallelism, options);
            await harness.OpenAsync();
            harness.Feed(events, 0, events.Count, seed: 12);
            harness.EndInputs();

            var expected = SjoinStreams.Oracle(events, window, delay, Condition(true), LateRowPolicy.Emit);
            SjoinStreams.AssertSameRows(expected.Rows, harness.Rows);
            var counters = harness.Operators.Select(o => o.Counters).ToList();
            Assert.True(counters.Sum(c => c.RightSpilledRows) > 500, $"right rows spilled: {counters.Sum(c => c.RightSpilledRows)}");
            Assert.True(counters.Sum(c => c.RightScannedBytes) > 0);
            Assert.Equal(expected.Matched, counters.Sum(c => c.MatchedRows));
            Assert.All(harness.Operators, o => Assert.Equal(0, o.BufferedLeftRows + o.BufferedRightRows));
            await harness.CloseAsync();
            Assert.Empty(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(1, 15_000L, false)]
    [InlineData(2, 15_000L, false)]
    [InlineData(1, 40_000L, false)]
    [InlineData(1, 4_000L, true)]
    [InlineData(2, 4_000L, true)]
    public async Task SnapshotRestore_WithSpill_MatchesOracle(int parallelism, long capBytes, bool rightSpills)
    {
        const long window = 30_000, delay = 5_000, bound = 2_000;
        var dir = Path.Combine(Path.GetTempPath(), "bsql-sjoin-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (feed, click) = SjoinStreams.Generate(21 + parallelism, 2000, window, delay, bound, 400, withLate: true);
            var events = SjoinStreams.Interleave(13, feed, click, bound);
            var spec = SjoinStreams.Spec(window, delay, condition: SjoinStreams.PosNot3);
            var options = new DelayedWindowJoinOptions { MemoryMaxBytes = capBytes, BucketMs = 1_000, SpillDirectory = dir };
            var expected = SjoinStreams.Oracle(events, window, delay, Condition(true), LateRowPolicy.Emit);

            // Run 1: uninterrupted, spilling.
            var straight = new SjoinHarness(spec, parallelism, options);
            await straight.OpenAsync();
            straight.Feed(events, 0, events.Count, seed: 4);
            straight.EndInputs();
            SjoinStreams.AssertSameRows(expected.Rows, straight.Rows);
            Assert.All(straight.Operators, o => Assert.True(o.Counters.SpilledRows > 0, "spill engaged"));
            if (rightSpills) Assert.All(straight.Operators, o => Assert.True(o.Counters.RightSpilledRows > 0, "right spill engaged"));
            await straight.CloseAsync();
            Assert.Empty(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories));

            // Run 2: snapshot at a third and at two thirds; each time the running operators are abandoned
            // (a crash) and new ones restore and continue. Output = rows emitted before each snapshot + the rest.
            var output = new List<object?[]>();
            var cut1 = events.Count / 3;
            var cut2 = 2 * events.Count / 3;
            var first = new SjoinHarness(spec, parallelism, options);
            await first.OpenAsync();
            first.Feed(events, 0, cut1, seed: 4);
            var snapshots = new List<byte[]>();
            await first.CheckpointAsync(1, snapshots);
            await first.CompleteCheckpointAsync(1);
            output.AddRange(first.Rows);
            first.Feed(events, cut1, cut2, seed: 5);                 // work lost in the crash
            Assert.True(first.Operators.Sum(o => o.Counters.SpilledRows) > 0);
            if (rightSpills) Assert.True(first.Operators.Sum(o => o.Counters.RightSpilledRows) > 0);

            var second = new SjoinHarness(spec, parallelism, options);
            second.Restore(snapshots, WatermarkBefore(events, cut1));
            await second.OpenAsync();
            second.Feed(events, cut1, cut2, seed: 6);
            await second.CheckpointAsync(2, snapshots);
            await second.CompleteCheckpointAsync(2);
            output.AddRange(second.Rows);
            second.Feed(events, cut2, events.Count, seed: 6);         // lost again
            if (rightSpills) Assert.True(second.Operators.Sum(o => o.Counters.RightSpilledRows) > 0, "the restored run spills right rows too");

            var third = new SjoinHarness(spec, parallelism, options);
            third.Restore(snapshots, WatermarkBefore(events, cut2));
            await third.OpenAsync();
            third.Feed(events, cut2, events.Count, seed: 8);
            third.EndInputs();
            output.AddRange(third.Rows);
            await third.CloseAsync();

            SjoinStreams.AssertSameRows(expected.Rows, output);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task MemoryLimit_SpillsFarBucketsAndStaysUnderIt()
    {
        const long window = 3_600_000, delay = 600_000, bound = 10_000;
        var dir = Path.Combine(Path.GetTempPath(), "bsql-sjoin-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (feed, click) = SjoinStreams.Generate(3, 6000, window, delay, bound, 2_000, withLate: false);
            var events = SjoinStreams.Interleave(3, feed, click, bound);
            var spec = SjoinStreams.Spec(window, delay);
            // Rows are buffered as encoded records (~60-100 bytes with their index entry): a few hundred KB makes the far buckets spill.
            const long cap = 400_000;
            var harness = new SjoinHarness(spec, 1, new DelayedWindowJoinOptions { MemoryMaxBytes = cap, SpillDirectory = dir });
            await harness.OpenAsync();
            harness.Feed(events, 0, events.Count - 1, seed: 2);
            var op = harness.Operators[0];
            Assert.True(op.Counters.SpilledRows > 1000, $"spilled {op.Counters.SpilledRows} rows");
            Assert.True(op.Counters.OverLimit == 0, $"over the limit {op.Counters.OverLimit} times; now {op.MemoryBytes} bytes, {op.BufferedRightRows} right rows");
            Assert.InRange(op.Counters.PeakMemoryBytes, 1, cap);
            harness.Feed(events, events.Count - 1, events.Count, seed: 2);
            harness.EndInputs();
            SjoinStreams.AssertSameRows(SjoinStreams.Oracle(events, window, delay, null, LateRowPolicy.Emit).Rows, harness.Rows);
            await harness.CloseAsync();
            Assert.Empty(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static long WatermarkBefore(List<SjoinEvent> events, int position)
    {
        for (var i = position - 1; i >= 0; i--)
        {
            if (events[i].IsWatermark) return events[i].Watermark;
        }
        return long.MinValue;
    }
}
