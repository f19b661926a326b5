using System.Text.RegularExpressions;
using Bsql.Planner.Expressions;
using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Tests;

public sealed class NexmarkGeneratorTests
{
    private const long Base = NexmarkConfig.DefaultBaseTime;

    private static List<(long Id, object?[] Row)> Generate(NexmarkConfig config, int count, int splitIndex = 0, int splitCount = 1)
    {
        var generator = new NexmarkGenerator(config, splitIndex, splitCount);
        var events = new List<(long, object?[])>(Math.Min(count, 1 << 16));
        while (events.Count < count && generator.HasNext)
        {
            var id = generator.NextEventId;
            events.Add((id, generator.Next()));
        }
        return events;
    }

    private static DateTime At(long epochMs) => DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(epochMs), DateTimeKind.Unspecified);

    // dateTime is field 6 of a person and field 5 of an auction or a bid.
    private static DateTime EventTime(object?[] row) => (DateTime)((object?[])row[1 + (int)row[0]!]!)[(int)row[0]! == 0 ? 6 : 5]!;

    private static long LastBase0Person(long eventId) => eventId / 50;

    private static long LastBase0Auction(long eventId)
    {
        long epoch = eventId / 50, offset = eventId % 50;
        if (offset < 1) { epoch--; offset = 2; }
        else if (offset >= 4) offset = 2;
        else offset -= 1;
        return epoch * 3 + offset;
    }

    [Fact]
    public void SplitMix64_SeedZero_ProducesTheReferenceSplitMix64Sequence()
    {
        var rng = new SplitMix64(0);
        Assert.Equal(unchecked((long)0xE220A8397B1DCDAFUL), rng.NextLong());
        Assert.Equal(unchecked((long)0x6E789E6AA1B965F4UL), rng.NextLong());
        Assert.Equal(unchecked((long)0x06C45D188009454FUL), rng.NextLong());
    }

    [Fact]
    public void SplitMix64_BoundedDraws_StayInRangeAndCoverIt()
    {
        var rng = new SplitMix64(12345);
        var seen = new int[7];
        for (var i = 0; i < 70_000; i++) seen[rng.NextInt(7)]++;
        Assert.All(seen, c => Assert.InRange(c, 9_000, 11_000));
        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(rng.NextLong(1_000_000_000_000L), 0, 999_999_999_999L);
            Assert.InRange(rng.NextDouble(), 0.0, 0.9999999999999999);
            Assert.InRange(rng.NextLongInclusive(-5, 5), -5, 5);
        }
        // A power-of-two bound takes the low bits of the next int, as Java does.
        var a = new SplitMix64(99);
        var b = new SplitMix64(99);
        Assert.Equal(a.NextInt() & 15, b.NextInt(16));
    }

    [Fact]
    public void JavaIntegerReverse_MatchesJava()
    {
        Assert.Equal(int.MinValue, NexmarkText.JavaIntegerReverse(1));
        Assert.Equal(0x60000000, NexmarkText.JavaIntegerReverse(6));
        Assert.Equal(-1, NexmarkText.JavaIntegerReverse(-1));
        Assert.Equal(0, NexmarkText.JavaIntegerReverse(0));
    }

    [Fact]
    public void FirstEvent_IsAnAuctionWithEventId2()
    {
        var generator = new NexmarkGenerator(new NexmarkConfig());
        Assert.Equal(2, generator.NextEventId);
        var row = generator.Next();
        Assert.Equal(NexmarkGenerator.AuctionType, row[0]);
        Assert.Null(row[1]);
        Assert.Null(row[3]);
        var auction = (object?[])row[2]!;
        Assert.Equal(10, auction.Length);
        Assert.Equal(1000L + LastBase0Auction(2), auction[0]);
        Assert.Equal(1001L, auction[0]);
    }

    [Fact]
    public void EventTypes_FollowEventIdModulo50()
    {
        foreach (var (id, row) in Generate(new NexmarkConfig(), 5_000))
        {
            var rem = id % 50;
            var expected = rem == 0 ? 0 : rem < 4 ? 1 : 2;
            Assert.Equal(expected, row[0]);
            for (var c = 1; c <= 3; c++) Assert.Equal(c == expected + 1, row[c] is not null);
        }
    }

    [Fact]
    public void EventIds_AreConsecutiveFrom2()
    {
        var events = Generate(new NexmarkConfig(), 1_000);
        for (var k = 0; k < events.Count; k++) Assert.Equal(k + 2, events[k].Id);
    }

    [Fact]
    public void Timestamps_AreBaseTimePlusEventNumberTimesInterEventDelay()
    {
        // 1000 events/s: 1000 us between events, event k (from 0) at base + (k + 1) ms.
        var events = Generate(new NexmarkConfig { FirstEventRate = 1000 }, 3_000);
        for (var k = 0; k < events.Count; k++) Assert.Equal(At(Base + k + 1), EventTime(events[k].Row));

        // 10000 events/s (default): 100 us, so ten events share a millisecond.
        var fast = Generate(new NexmarkConfig(), 1_000);
        for (var k = 0; k < fast.Count; k++) Assert.Equal(At(Base + (long)((k + 1) * 100.0) / 1000), EventTime(fast[k].Row));
    }

    [Fact]
    public void Timestamps_AreOfKindUnspecified_AndBaseTimeIsAnOption()
    {
        var errors = new List<GeneratorOptionError>();
        var config = NexmarkConfig.FromOptions(new Dictionary<string, string> { ["base-time"] = "2025-06-01 12:00:00", ["first-event.rate"] = "1000" }, errors);
        Assert.Empty(errors);
        var row = Generate(config, 1)[0].Row;
        var time = EventTime(row);
        Assert.Equal(DateTimeKind.Unspecified, time.Kind);
        Assert.Equal(new DateTime(2025, 6, 1, 12, 0, 0, 1), time);
    }

    [Fact]
    public void PersonAndAuctionIds_FollowTheIdHelpers()
    {
        var people = 0;
        foreach (var (id, row) in Generate(new NexmarkConfig(), 20_000))
        {
            if ((int)row[0]! == 0)
            {
                Assert.Equal(1000 + id / 50, ((object?[])row[1]!)[0]);
                people++;
            }
            else if ((int)row[0]! == 1)
            {
                Assert.Equal(1000 + (id / 50) * 3 + (id % 50) - 1, ((object?[])row[2]!)[0]);
            }
        }
        Assert.Equal(400, people);
    }

    [Fact]
    public void Bids_ReferenceKnownAuctions_AndBiddersCarryThe2000Offset()
    {
        var bids = 0;
        foreach (var (id, row) in Generate(new NexmarkConfig(), 100_000))
        {
            if ((int)row[0]! != 2) continue;
            bids++;
            var bid = (object?[])row[3]!;
            Assert.Equal(7, bid.Length);
            var auction = (long)bid[0]! - 1000;
            var lastAuction = LastBase0Auction(id);
            Assert.InRange(auction, Math.Max(lastAuction - 100, 0), lastAuction + 10);

            var bidder = (long)bid[1]! - 2000;
            var numPeople = LastBase0Person(id) + 1;
            var hotBidder = LastBase0Person(id) / 100 * 100 + 1;
            Assert.True(bidder == hotBidder || (bidder >= numPeople - Math.Min(numPeople, 1000) && bidder < numPeople + 10),
                $"bidder {bidder} of event {id}");
            Assert.True((long)bid[1]! >= 2000);
        }
        Assert.Equal(92_000, bids);
    }

    [Fact]
    public void Auctions_HaveCategories10To14_PricesInRange_AndExpiryAfterStart()
    {
        var categories = new HashSet<long>();
        foreach (var (id, row) in Generate(new NexmarkConfig(), 100_000))
        {
            if ((int)row[0]! != 1) continue;
            var a = (object?[])row[2]!;
            categories.Add((long)a[8]!);
            var initialBid = (long)a[3]!;
            Assert.InRange(initialBid, 100, 100_000_000);
            Assert.InRange((long)a[4]! - initialBid, 100, 100_000_000);
            Assert.True((DateTime)a[6]! > (DateTime)a[5]!);
            var seller = (long)a[7]! - 1000;
            var numPeople = LastBase0Person(id) + 1;
            Assert.True(seller == LastBase0Person(id) / 100 * 100 || (seller >= numPeople - Math.Min(numPeople, 1000) && seller < numPeople + 10));
        }
        Assert.Equal(new HashSet<long> { 10, 11, 12, 13, 14 }, categories);
    }

    [Fact]
    public void Prices_AreLogUniformBetween100And1e8()
    {
        var prices = Generate(new NexmarkConfig(), 200_000).Where(e => (int)e.Row[0]! == 2).Select(e => (long)((object?[])e.Row[3]!)[2]!).ToList();
        Assert.All(prices, p => Assert.InRange(p, 100, 100_000_000));
        // log10(price / 100) is uniform on [0, 6): each decade holds about a sixth of the prices.
        var decades = new int[6];
        foreach (var p in prices) decades[Math.Min(5, (int)Math.Floor(Math.Log10(p / 100.0)))]++;
        Assert.All(decades, d => Assert.InRange(d / (double)prices.Count, 1 / 6.0 - 0.01, 1 / 6.0 + 0.01));
    }

    [Fact]
    public void HotAuctionsBiddersAndSellers_HaveTheirConfiguredShares()
    {
        int bids = 0, hotAuction = 0, hotBidder = 0, auctions = 0, hotSeller = 0;
        foreach (var (id, row) in Generate(new NexmarkConfig(), 500_000))
        {
            if ((int)row[0]! == 2)
            {
                var bid = (object?[])row[3]!;
                bids++;
                if ((long)bid[0]! == LastBase0Auction(id) / 100 * 100 + 1000) hotAuction++;
                if ((long)bid[1]! == LastBase0Person(id) / 100 * 100 + 1 + 2000) hotBidder++;
            }
            else if ((int)row[0]! == 1)
            {
                auctions++;
                if ((long)((object?[])row[2]!)[7]! == LastBase0Person(id) / 100 * 100 + 1000) hotSeller++;
            }
        }
        // P(hot) = 1 - 1/ratio, plus the small chance that a random pick lands on the hot id.
        Assert.InRange(hotAuction / (double)bids, 0.495, 0.515);
        Assert.InRange(hotBidder / (double)bids, 0.745, 0.755);
        Assert.InRange(hotSeller / (double)auctions, 0.735, 0.765);
    }

    [Fact]
    public void Channels_AreHalfHot_AndUrlsAreStablePerChannel()
    {
        var hot = new Dictionary<string, int>();
        var urlOf = new Dictionary<string, string>();
        int bids = 0, withChannelId = 0, coldChannels = 0;
        var urlPattern = new Regex(@"^https://www\.nexmark\.com/[a-z_]{3,4}/[a-z_]{3,4}/[a-z_]{3,4}/item\.htm\?query=1(&channel_id=-?\d+)?$");
        foreach (var (_, row) in Generate(new NexmarkConfig(), 200_000))
        {
            if ((int)row[0]! != 2) continue;
            bids++;
            var bid = (object?[])row[3]!;
            var channel = (string)bid[3]!;
            var url = (string)bid[4]!;
            Assert.Matches(urlPattern, url);
            if (urlOf.TryGetValue(channel, out var seen)) Assert.Same(seen, url);
            else
            {
                urlOf[channel] = url;
                if (channel.StartsWith("channel-", StringComparison.Ordinal))
                {
                    coldChannels++;
                    if (url.Contains("&channel_id=", StringComparison.Ordinal)) withChannelId++;
                }
            }
            if (!channel.StartsWith("channel-", StringComparison.Ordinal))
            {
                Assert.Contains(channel, new[] { "Google", "Facebook", "Baidu", "Apple" });
                Assert.DoesNotContain("channel_id", url, StringComparison.Ordinal);
                hot[channel] = hot.GetValueOrDefault(channel) + 1;
            }
            else
            {
                Assert.InRange(int.Parse(channel["channel-".Length..], System.Globalization.CultureInfo.InvariantCulture), 0, 9_999);
            }
        }
        Assert.InRange(hot.Values.Sum() / (double)bids, 0.49, 0.51);
        Assert.All(hot.Values, c => Assert.InRange(c / (double)bids, 0.115, 0.135));
        Assert.InRange(withChannelId / (double)coldChannels, 0.87, 0.93);
    }

    [Fact]
    public void Extra_LengthsAverageTheConfiguredSizes()
    {
        var bidExtra = new List<int>();
        var personTotal = new List<int>();
        var auctionTotal = new List<int>();
        foreach (var (_, row) in Generate(new NexmarkConfig(), 200_000))
        {
            switch ((int)row[0]!)
            {
                case 0:
                    var p = (object?[])row[1]!;
                    personTotal.Add(8 + ((string)p[1]!).Length + ((string)p[2]!).Length + ((string)p[3]!).Length + ((string)p[4]!).Length + ((string)p[5]!).Length + ((string)p[7]!).Length);
                    break;
                case 1:
                    var a = (object?[])row[2]!;
                    auctionTotal.Add(8 + ((string)a[1]!).Length + ((string)a[2]!).Length + 40 + ((string)a[9]!).Length);
                    break;
                default:
                    bidExtra.Add(((string)((object?[])row[3]!)[6]!).Length);
                    break;
            }
        }
        // Bid: 100 - 32 = 68 wanted, delta = round(13.6) = 14: sizes 54 + [0, 28).
        Assert.Equal(54, bidExtra.Min());
        Assert.Equal(81, bidExtra.Max());
        Assert.InRange(bidExtra.Average(), 67.0, 68.0);
        Assert.InRange(personTotal.Average(), 198.0, 201.0);
        Assert.InRange(auctionTotal.Average(), 496.0, 502.0);
    }

    [Fact]
    public void PersonFields_FollowTheirFormats()
    {
        var email = new Regex(@"^[a-z]([a-z ]*[a-z])?@[a-z]([a-z ]*[a-z])?\.com$");
        var card = new Regex(@"^\d{4} \d{4} \d{4} \d{4}$");
        var first = new[] { "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter" };
        var last = new[] { "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris" };
        var count = 0;
        foreach (var (_, row) in Generate(new NexmarkConfig(), 50_000))
        {
            if ((int)row[0]! != 0) continue;
            count++;
            var p = (object?[])row[1]!;
            Assert.Equal(8, p.Length);
            var name = ((string)p[1]!).Split(' ');
            Assert.Contains(name[0], first);
            Assert.Contains(name[1], last);
            Assert.Matches(email, (string)p[2]!);
            Assert.Matches(card, (string)p[3]!);
            Assert.Contains((string)p[4]!, new[] { "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne" });
            Assert.Contains((string)p[5]!, new[] { "AZ", "CA", "ID", "OR", "WA", "WY" });
            Assert.Matches("^[a-z]*$", (string)p[7]!);
        }
        Assert.Equal(1_000, count);
    }

    [Fact]
    public void SameSeed_GivesTheSameEvents_AndAnotherSeedDifferentOnes()
    {
        var a = Generate(new NexmarkConfig(), 5_000);
        var b = Generate(new NexmarkConfig(), 5_000);
        var c = Generate(new NexmarkConfig { Seed = 7 }, 5_000);
        Assert.True(a.Zip(b).All(p => LiteralValues.AreEqual(p.First.Row, p.Second.Row)));
        Assert.True(a.Zip(c).Count(p => !LiteralValues.AreEqual(p.First.Row, p.Second.Row)) > 4_500);
        // Ids, types and timestamps do not depend on the seed.
        Assert.True(a.Zip(c).All(p => p.First.Id == p.Second.Id && Equals(p.First.Row[0], p.Second.Row[0]) && EventTime(p.First.Row) == EventTime(p.Second.Row)));
    }

    [Fact]
    public void Splits_CoverDisjointIdRanges_ThatTogetherAreTheUnsplitSequence()
    {
        var config = new NexmarkConfig { EventsNum = 10_000, FirstEventRate = 1000 };
        var whole = Generate(config, int.MaxValue);
        Assert.Equal(10_000, whole.Count);
        var parts = Enumerable.Range(0, 3).Select(i => Generate(config, int.MaxValue, i, 3)).ToList();
        Assert.Equal(new[] { 3_333, 3_333, 3_334 }, parts.Select(p => p.Count));
        var joined = parts.SelectMany(p => p).ToList();
        Assert.Equal(whole.Select(e => e.Id), joined.Select(e => e.Id));
        for (var k = 0; k < whole.Count; k++)
        {
            Assert.Equal(whole[k].Row[0], joined[k].Row[0]);
            var w = (object?[])whole[k].Row[1 + (int)whole[k].Row[0]!]!;
            var j = (object?[])joined[k].Row[1 + (int)joined[k].Row[0]!]!;
            // Per-event seeding: every field but the times is the same at any parallelism.
            for (var f = 0; f < w.Length; f++)
            {
                if (w[f] is DateTime) continue;
                Assert.Equal(w[f], j[f]);
            }
        }
        // Each split runs its own timeline at rate / parallelism, as Flink's splits do:
        // its k-th event is at base + (k + 1) * 3 ms.
        foreach (var part in parts)
        {
            for (var k = 0; k < part.Count; k++) Assert.Equal(At(Base + (k + 1) * 3L), EventTime(part[k].Row));
        }
    }

    [Fact]
    public void Seek_ResumesWithTheSameEventsAsAnUninterruptedRun()
    {
        var config = new NexmarkConfig { EventsNum = 2_000 };
        var whole = Generate(config, int.MaxValue, 1, 2);
        var resumed = new NexmarkGenerator(config, 1, 2);
        resumed.Seek(600);
        var rest = new List<object?[]>();
        while (resumed.HasNext) rest.Add(resumed.Next());
        Assert.Equal(400, rest.Count);
        Assert.True(whole.Skip(600).Select(e => e.Row).Zip(rest).All(p => LiteralValues.AreEqual(p.First, p.Second)));
    }

    [Fact]
    public void BoundedGenerator_StopsAtEventsNum_AndUnboundedUsesFlinksCap()
    {
        var bounded = new NexmarkGenerator(new NexmarkConfig { EventsNum = 10 });
        var n = 0;
        while (bounded.HasNext) { bounded.Next(); n++; }
        Assert.Equal(10, n);
        Assert.Equal(long.MaxValue / (50L * 500), new NexmarkConfig().MaxEvents);
    }

    [Fact]
    public void NextInto_FillsTheFirstFourColumnsOfAWiderRow()
    {
        var row = new object?[] { "x", "x", "x", "x", "computed" };
        new NexmarkGenerator(new NexmarkConfig()).NextInto(row);
        Assert.Equal(1, row[0]);
        Assert.Null(row[1]);
        Assert.NotNull(row[2]);
        Assert.Null(row[3]);
        Assert.Equal("computed", row[4]);
    }

    [Fact]
    public void Options_AreReadWithDefaultsAliasesAndSizes()
    {
        var errors = new List<GeneratorOptionError>();
        var config = NexmarkConfig.FromOptions(new Dictionary<string, string>
        {
            ["connector"] = "nexmark",
            ["first-event.rate"] = "5000",
            ["events"] = "1000",
            ["person.avg-size"] = "1kb",
            ["bid.avg-size"] = "120b",
            ["bid.hot-ratio.auctions"] = "3",
            ["seed"] = "42",
            ["base-time"] = "0",
            ["max-emit-speed"] = "false",
        }, errors);
        Assert.Empty(errors);
        Assert.Equal(5000, config.FirstEventRate);
        Assert.Equal(1000, config.EventsNum);
        Assert.Equal(1024, config.AvgPersonByteSize);
        Assert.Equal(500, config.AvgAuctionByteSize);
        Assert.Equal(120, config.AvgBidByteSize);
        Assert.Equal(3, config.HotAuctionRatio);
        Assert.Equal(42, config.Seed);
        Assert.Equal(0, config.BaseTime);
        Assert.False(config.MaxEmitSpeed);
        Assert.Equal(50, config.TotalProportion);
    }

    [Fact]
    public void Options_ReportBadValuesAndUnknownKeys()
    {
        var errors = new List<GeneratorOptionError>();
        var config = NexmarkConfig.FromOptions(new Dictionary<string, string>
        {
            ["events.num"] = "many",
            ["first-event.rate"] = "0",
            ["bid.avg-size"] = "big",
            ["speed"] = "fast",
        }, errors);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal("BSQL4001", e.Code));
        Assert.Equal(new[] { "bid.avg-size", "events.num", "first-event.rate", "speed" }, errors.Select(e => e.Option).Order(StringComparer.Ordinal));
        Assert.Contains("'events.num' must be an integer, found 'many'", errors.Select(e => e.Message));
        Assert.StartsWith("unknown nexmark option 'speed'", errors.Single(e => e.Option == "speed").Message, StringComparison.Ordinal);
        Assert.Equal(0, config.EventsNum);
        Assert.Equal(10_000, config.FirstEventRate);
    }

    [Fact]
    public void Options_OfOlderReleases_AreAccepted()
    {
        var errors = new List<GeneratorOptionError>();
        var config = NexmarkConfig.FromOptions(new Dictionary<string, string> { ["rate.limited"] = "true", ["rate.shape"] = "SQUARE", ["rate.period"] = "600 s" }, errors);
        Assert.Empty(errors);
        Assert.False(config.MaxEmitSpeed);
        Assert.True(NexmarkConfig.FromOptions(new Dictionary<string, string>(), errors).MaxEmitSpeed);
    }
}
