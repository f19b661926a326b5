using Bsql.Planner.Expressions;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Tests.Support;
using static Bsql.Runtime.Tests.Support.Exprs;

namespace Bsql.Runtime.Tests;

/// <summary>One element of a test stream fed to a delayed window join: a row of input 0 (feed) or 1 (click), or a watermark.</summary>
internal sealed record SjoinEvent(int Input, object?[]? Row, long Watermark)
{
    public bool IsWatermark => Row is null;
}

/// <summary>
/// Randomized impression (feed) and click streams for the delayed window join, and the join's
/// reference semantics computed directly from the language spec. Feed rows are
/// <c>(req_id BIGINT, item_id BIGINT, ts TIMESTAMP(3))</c>, click rows <c>(req_id BIGINT, pos BIGINT, ts TIMESTAMP(3))</c>.
/// </summary>
internal static class SjoinStreams
{
    public const long T0 = 1_700_000_000_000;

    public static readonly RowSchema Feed = PlanBuilder.Schema(("req_id", SqlType.BigInt), ("item_id", SqlType.BigInt), ("ts", SqlType.Timestamp(3)));
    public static readonly RowSchema Click = PlanBuilder.Schema(("c_req_id", SqlType.BigInt), ("pos", SqlType.BigInt), ("c_ts", SqlType.Timestamp(3)));
    public static readonly RowSchema Output = new([.. Feed.Fields, .. Click.Fields]);

    /// <summary>The residual condition used by some cases: <c>c.pos &lt;&gt; 3</c> (over feed ++ click).</summary>
    public static BoundExpr PosNot3 => Call("<>", SqlType.Boolean, Col(4, SqlType.BigInt), Lit(3L, SqlType.BigInt));

    public static DelayedWindowJoinSpec Spec(long window, long delay, bool global = false, BoundExpr? condition = null, LateRowPolicy late = LateRowPolicy.Emit) =>
        new([0], [0], 2, 2, window, delay, global, condition, late);

    /// <summary>
    /// Rows with arrival times: impressions spaced by up to <paramref name="spacing"/> ms, keys drawn from a pool a third
    /// of the impression count (duplicate keys), 0–3 clicks per impression at <c>a.ts - W/5 .. a.ts + 1.2 W</c>, noise clicks,
    /// a few NULL keys. Arrival is <c>ts + [0, bound)</c> unless <paramref name="withLate"/>: then some clicks arrive late by
    /// less than D, some by more, and some impressions after their output time.
    /// </summary>
    public static (List<(long Arrival, object?[] Row)> Feed, List<(long Arrival, object?[] Row)> Click) Generate(
        int seed, int impressions, long window, long delay, long bound, long spacing, bool withLate)
    {
        var random = new Random(seed);
        var feed = new List<(long, object?[])>();
        var click = new List<(long, object?[])>();
        var keys = Math.Max(2, impressions / 3);
        var t = T0;
        for (var i = 0; i < impressions; i++)
        {
            t += random.NextInt64(0, spacing + 1);
            object? key = random.Next(50) == 0 ? null : (long)random.Next(keys);
            var ta = t + random.NextInt64(0, bound);
            var arrival = ta + random.NextInt64(0, bound);
            if (withLate && random.Next(30) == 0) arrival = ta + window + delay + bound + random.NextInt64(0, 2 * bound + 1);
            feed.Add((arrival, [key, (long)i, Ts(ta)]));
            var clicks = random.Next(100) switch { < 50 => 0, < 80 => 1, < 92 => 2, _ => 3 };
            for (var c = 0; c < clicks; c++)
            {
                var tb = ta + random.NextInt64(-window / 5, window + window / 5 + 1);
                var clickKey = random.Next(40) == 0 ? null : key;
                click.Add((ClickArrival(random, tb, delay, bound, window, withLate), [clickKey, (long)random.Next(6), Ts(tb)]));
            }
            if (random.Next(10) == 0)
            {
                var tb = t + random.NextInt64(0, window);
                click.Add((ClickArrival(random, tb, delay, bound, window, withLate), [(long)random.Next(keys), (long)random.Next(6), Ts(tb)]));
            }
        }
        return (feed, click);
    }

    private static long ClickArrival(Random random, long tb, long delay, long bound, long window, bool withLate)
    {
        if (!withLate) return tb + random.NextInt64(0, bound);
        return random.Next(10) switch
        {
            < 7 => tb + random.NextInt64(0, bound),
            < 9 => tb + bound + random.NextInt64(0, delay + 1),          // behind the watermark by up to D
            _ => tb + bound + delay + random.NextInt64(0, window + 1),    // behind it by more than D
        };
    }

    /// <summary>
    /// Interleaves both inputs by arrival and adds a watermark (max arrival − <paramref name="bound"/>) every few rows,
    /// then a final <see cref="long.MaxValue"/> watermark.
    /// </summary>
    public static List<SjoinEvent> Interleave(int seed, List<(long Arrival, object?[] Row)> feed, List<(long Arrival, object?[] Row)> click, long bound)
    {
        var random = new Random(seed);
        var all = feed.Select((f, i) => (f.Arrival, Input: 0, Order: i, f.Row))
            .Concat(click.Select((c, i) => (c.Arrival, Input: 1, Order: i, c.Row)))
            .OrderBy(x => x.Arrival).ThenBy(x => x.Input).ThenBy(x => x.Order).ToList();
        var events = new List<SjoinEvent>();
        var maxArrival = long.MinValue;
        var watermark = long.MinValue;
        var untilNext = random.Next(1, 40);
        foreach (var x in all)
        {
            events.Add(new SjoinEvent(x.Input, x.Row, 0));
            maxArrival = Math.Max(maxArrival, x.Arrival);
            if (--untilNext == 0)
            {
                untilNext = random.Next(1, 40);
                if (maxArrival - bound > watermark)
                {
                    watermark = maxArrival - bound;
                    events.Add(new SjoinEvent(0, null, watermark));
                }
            }
        }
        events.Add(new SjoinEvent(0, null, long.MaxValue));
        return events;
    }

    /// <summary>What the reference semantics produced, and how many left rows were late.</summary>
    public sealed record Expected(List<object?[]> Rows, int LateLeft, int Matched, int Unmatched);

    /// <summary>
    /// The delayed window join computed from its definition, independently of the operator's structure: a left row
    /// <c>a</c> is late when the watermark at its arrival is ≥ <c>a.ts + W + D</c>; otherwise its output is decided at the
    /// first watermark ≥ that time and joins every right row that arrived before that watermark with an equal non-NULL key,
    /// <c>a.ts &lt;= b.ts &lt; a.ts + W</c> and the condition TRUE.
    /// </summary>
    public static Expected Oracle(IReadOnlyList<SjoinEvent> events, long window, long delay, Func<object?[], bool>? condition, LateRowPolicy policy)
    {
        var rights = new List<(int Position, object?[] Row)>();
        var lefts = new List<(int Position, object?[] Row)>();
        var watermarks = new List<(int Position, long Watermark)>();
        var lateLeft = new List<object?[]>();
        var watermark = long.MinValue;
        for (var p = 0; p < events.Count; p++)
        {
            var e = events[p];
            if (e.IsWatermark)
            {
                watermark = Math.Max(watermark, e.Watermark);
                watermarks.Add((p, watermark));
            }
            else if (e.Input == 1)
            {
                rights.Add((p, e.Row!));
            }
            else if (e.Row![2] is null || watermark >= Millis(e.Row[2]) + window + delay)
            {
                lateLeft.Add(e.Row);
            }
            else
            {
                lefts.Add((p, e.Row));
            }
        }
        var byKey = rights.Where(r => r.Row[0] is not null && r.Row[2] is not null).ToLookup(r => (long)r.Row[0]!);
        var rows = new List<object?[]>();
        int matched = 0, unmatched = 0;
        foreach (var (position, a) in lefts)
        {
            var ta = Millis(a[2]);
            var fire = ta + window + delay;
            var firedAt = watermarks.First(w => w.Position > position && w.Watermark >= fire).Position;
            var any = false;
            if (a[0] is long key)
            {
                foreach (var (bPosition, b) in byKey[key])
                {
                    var tb = Millis(b[2]);
                    if (bPosition > firedAt || tb < ta || tb >= ta + window) continue;
                    object?[] joined = [.. a, .. b];
                    if (condition is not null && !condition(joined)) continue;
                    rows.Add(joined);
                    any = true;
                    matched++;
                }
            }
            if (!any)
            {
                rows.Add([.. a, null, null, null]);
                unmatched++;
            }
        }
        if (policy == LateRowPolicy.Emit)
        {
            foreach (var a in lateLeft) rows.Add([.. a, null, null, null]);
            unmatched += lateLeft.Count;
        }
        return new Expected(rows, lateLeft.Count, matched, unmatched);
    }

    public static long Millis(object? ts) => Time.EventTime.ToMillis(ts!);

    /// <summary>A row as text (for multiset comparison).</summary>
    public static string Text(object?[] row) => string.Join("|", row.Select(v => v switch
    {
        null => "NULL",
        DateTime dt => Time.EventTime.ToMillis(dt).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    }));

    /// <summary>Asserts that both row collections are equal as multisets.</summary>
    public static void AssertSameRows(IEnumerable<object?[]> expected, IEnumerable<object?[]> actual)
    {
        var e = expected.Select(Text).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var a = actual.Select(Text).OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (e.SequenceEqual(a)) return;
        var missing = e.Except(a).Take(5);
        var extra = a.Except(e).Take(5);
        Assert.Fail($"expected {e.Count} rows, got {a.Count}; missing e.g. [{string.Join("; ", missing)}], unexpected e.g. [{string.Join("; ", extra)}]");
    }
}
