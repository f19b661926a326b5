using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Tests;

/// <summary>
/// The Nexmark queries q0, q1, q2, q5, q7, q8 (../shared/nexmark, compiled as written) on a bounded
/// generator input, compared as a multiset with an oracle computed here with LINQ from the same events
/// (the <see cref="NexmarkGenerator"/> with the DDL's configuration and default seed). The bounded source
/// ends with a final watermark that closes every window; the generator is in event-time order, so no row is late.
/// </summary>
public sealed class NexmarkQueryTests
{
    private const long Events = 40_000;

    // q0–q2 at the runner's 10,000 events/s; the windowed queries at 1,000 events/s so the
    // 40,000 events span 40 s of event time (several 10 s windows) rather than 4 s.
    private const long FastTps = 10_000;
    private const long SlowTps = 1_000;

    private sealed record Bid(long Auction, long Bidder, long Price, string Channel, string Url, DateTime Time, string Extra)
    {
        public long Ms => ToMs(Time);
    }

    private sealed record Person(long Id, string Name, DateTime Time)
    {
        public long Ms => ToMs(Time);
    }

    private sealed record Auction(long Id, long Seller, DateTime Time)
    {
        public long Ms => ToMs(Time);
    }

    private sealed record Events3(List<Person> Persons, List<Auction> Auctions, List<Bid> Bids);

    private static long ToMs(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static DateTime FromMs(long ms) => DateTime.UnixEpoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);

    private static Events3 Generate(long tps)
    {
        var generator = new NexmarkGenerator(new NexmarkConfig { EventsNum = Events, FirstEventRate = tps, NextEventRate = tps });
        var persons = new List<Person>();
        var auctions = new List<Auction>();
        var bids = new List<Bid>();
        while (generator.HasNext)
        {
            var e = generator.Next();
            switch (Convert.ToInt32(e[0], System.Globalization.CultureInfo.InvariantCulture))
            {
                case NexmarkGenerator.PersonType:
                    var p = (object?[])e[1]!;
                    persons.Add(new Person((long)p[0]!, (string)p[1]!, (DateTime)p[6]!));
                    break;
                case NexmarkGenerator.AuctionType:
                    var a = (object?[])e[2]!;
                    auctions.Add(new Auction((long)a[0]!, (long)a[7]!, (DateTime)a[5]!));
                    break;
                default:
                    var b = (object?[])e[3]!;
                    bids.Add(new Bid((long)b[0]!, (long)b[1]!, (long)b[2]!, (string)b[3]!, (string)b[4]!, (DateTime)b[5]!, (string)b[6]!));
                    break;
            }
        }
        Assert.Equal(Events, persons.Count + auctions.Count + bids.Count);
        return new Events3(persons, auctions, bids);
    }

    private static async Task CheckAsync(string query, long tps, IEnumerable<object?[]> oracle)
    {
        var expected = NexmarkQueryRunner.Multiset(oracle);
        Assert.NotEmpty(expected);
        var actual = NexmarkQueryRunner.NetMultiset(await NexmarkQueryRunner.RunAsync(query, Events, tps));
        NexmarkQueryRunner.AssertSameMultiset(expected, actual);
    }

    [Fact]
    public async Task Q0_PassesEveryBidThrough()
    {
        var bids = Generate(FastTps).Bids;
        await CheckAsync("q0", FastTps, bids.Select(b => new object?[] { b.Auction, b.Bidder, b.Price, b.Time, b.Extra }));
    }

    [Fact]
    public async Task Q1_ConvertsThePriceToEuros()
    {
        var bids = Generate(FastTps).Bids;
        await CheckAsync("q1", FastTps, bids.Select(b => new object?[] { b.Auction, b.Bidder, 0.908m * b.Price, b.Time, b.Extra }));
    }

    [Fact]
    public async Task Q2_SelectsEvery123rdAuction()
    {
        var bids = Generate(FastTps).Bids;
        var oracle = bids.Where(b => b.Auction % 123 == 0).Select(b => new object?[] { b.Auction, b.Price }).ToList();
        await CheckAsync("q2", FastTps, oracle);
    }

    [Fact(Skip = "Runtime gap: q5 compiles, but the job fails to start with System.ArgumentException 'AttachedWindow is not a "
        + "sliced window (Parameter 'spec')' from WindowAggregateOperator..ctor (WindowAggregateOperator.cs:55): the planner "
        + "(WindowAggregateRule) plans MaxBids' GROUP BY starttime, endtime over the inner HOP aggregate as a window aggregate "
        + "with an AttachedWindow spec, which the runtime's WindowAggregateOperator does not handle.")]
    public async Task Q5_FindsTheHotItemsOfEachSlidingWindow()
    {
        var bids = Generate(SlowTps).Bids;
        // HOP(2 s slide, 10 s size): a bid at t is in the windows starting at floor(t / 2 s) * 2 s - k * 2 s, k = 0..4.
        var counts = bids
            .SelectMany(b => Enumerable.Range(0, 5).Select(k => (b.Auction, Start: b.Ms - b.Ms % 2000 - k * 2000L)))
            .GroupBy(x => x).Select(g => (g.Key.Auction, g.Key.Start, Num: (long)g.Count())).ToList();
        var maxByWindow = counts.GroupBy(c => c.Start).ToDictionary(g => g.Key, g => g.Max(c => c.Num));
        var oracle = counts.Where(c => c.Num >= maxByWindow[c.Start]).Select(c => new object?[] { c.Auction, c.Num }).ToList();
        Assert.True(maxByWindow.Count >= 20);
        await CheckAsync("q5", SlowTps, oracle);
    }

    [Fact]
    public async Task Q7_FindsTheHighestBidsOfEachTumblingWindow()
    {
        var bids = Generate(SlowTps).Bids;
        var windows = bids.GroupBy(b => b.Ms - b.Ms % 10_000).Select(g => (End: g.Key + 10_000, MaxPrice: g.Max(b => b.Price))).ToList();
        // The join keeps a bid whose price is some window's max price and whose time is in [end - 10 s, end] (inclusive).
        var oracle = bids.SelectMany(b => windows.Where(w => w.MaxPrice == b.Price && b.Ms >= w.End - 10_000 && b.Ms <= w.End)
            .Select(_ => new object?[] { b.Auction, b.Price, b.Bidder, b.Time, b.Extra })).ToList();
        Assert.True(windows.Count >= 4);
        await CheckAsync("q7", SlowTps, oracle);
    }

    [Fact]
    public async Task Q8_FindsNewPersonsWhoOpenedAuctionsInTheSameWindow()
    {
        var events = Generate(SlowTps);
        var persons = events.Persons.Select(p => (p.Id, p.Name, Start: p.Ms - p.Ms % 10_000)).Distinct().ToList();
        var sellers = events.Auctions.Select(a => (a.Seller, Start: a.Ms - a.Ms % 10_000)).Distinct().ToHashSet();
        var oracle = persons.Where(p => sellers.Contains((p.Id, p.Start))).Select(p => new object?[] { p.Id, p.Name, FromMs(p.Start) }).ToList();
        await CheckAsync("q8", SlowTps, oracle);
    }
}
