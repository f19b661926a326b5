using System.Globalization;

namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// The settings of a <c>nexmark</c> source (the options of Flink's nexmark connector, see
/// <c>shared/nexmark/generator.md</c>), plus two BSQL extensions that make runs reproducible:
/// <see cref="Seed"/> (Flink's generator is unseeded) and <see cref="BaseTime"/> (Flink uses the wall
/// clock at start-up; we default to a fixed instant so golden results do not change from run to run).
/// </summary>
public sealed record NexmarkConfig
{
    /// <summary>The default <c>seed</c> option: the ASCII bytes of "nexmark".</summary>
    public const long DefaultSeed = 0x6E65786D61726BL;

    /// <summary>The default <c>base-time</c> option: 2024-01-01 00:00:00 UTC in epoch milliseconds.</summary>
    public const long DefaultBaseTime = 1_704_067_200_000L;

    /// <summary>Diagnostic code of a malformed or unknown <c>nexmark</c> option (the runtime's BSQL4001).</summary>
    public const string InvalidOptionCode = Execution.RuntimeErrors.BadOptionValue;

    /// <summary><c>first-event.rate</c>: events per second over all parallel generators; spaces event timestamps.</summary>
    public long FirstEventRate { get; init; } = 10_000;

    /// <summary><c>next-event.rate</c>: accepted for compatibility; Flink's generator uses only the first rate.</summary>
    public long NextEventRate { get; init; } = 10_000;

    /// <summary><c>events.num</c>: total events over all parallel generators; 0 = unbounded.</summary>
    public long EventsNum { get; init; }

    /// <summary><c>person.proportion</c>.</summary>
    public int PersonProportion { get; init; } = 1;

    /// <summary><c>auction.proportion</c>.</summary>
    public int AuctionProportion { get; init; } = 3;

    /// <summary><c>bid.proportion</c>.</summary>
    public int BidProportion { get; init; } = 46;

    /// <summary><c>person.avg-size</c> in bytes (drives the <c>extra</c> padding).</summary>
    public int AvgPersonByteSize { get; init; } = 200;

    /// <summary><c>auction.avg-size</c> in bytes.</summary>
    public int AvgAuctionByteSize { get; init; } = 500;

    /// <summary><c>bid.avg-size</c> in bytes.</summary>
    public int AvgBidByteSize { get; init; } = 100;

    /// <summary><c>bid.hot-ratio.auctions</c>: a bid is for the hot auction with probability 1 - 1/ratio.</summary>
    public int HotAuctionRatio { get; init; } = 2;

    /// <summary><c>bid.hot-ratio.bidders</c>: a bid is by a hot bidder with probability 1 - 1/ratio.</summary>
    public int HotBiddersRatio { get; init; } = 4;

    /// <summary><c>auction.hot-ratio.sellers</c>: an auction is by a hot seller with probability 1 - 1/ratio.</summary>
    public int HotSellersRatio { get; init; } = 4;

    /// <summary>
    /// <c>max-emit-speed</c>: emit as fast as possible (true), or pace events to their timestamps
    /// (false; the older option <c>rate.limited</c> = true means the same).
    /// </summary>
    public bool MaxEmitSpeed { get; init; } = true;

    /// <summary><c>keep-alive</c>: a bounded source stays open (idle) after its last event.</summary>
    public bool KeepAlive { get; init; }

    /// <summary><c>stop-at</c>: accepted for compatibility (-1 = never).</summary>
    public long StopAt { get; init; } = -1;

    /// <summary><c>seed</c> (BSQL): the same seed yields the same events, at any parallelism.</summary>
    public long Seed { get; init; } = DefaultSeed;

    /// <summary><c>base-time</c> (BSQL): event time of event number 0, epoch milliseconds.</summary>
    public long BaseTime { get; init; } = DefaultBaseTime;

    /// <summary>Active people ids considered by random person picks (Flink constant).</summary>
    public int NumActivePeople { get; init; } = 1000;

    /// <summary>Auctions considered in flight by random auction picks (Flink constant).</summary>
    public int NumInFlightAuctions { get; init; } = 100;

    /// <summary>Sum of the three proportions (50 by default).</summary>
    public int TotalProportion => PersonProportion + AuctionProportion + BidProportion;

    /// <summary>
    /// Events of the whole (unsplit) generator: <see cref="EventsNum"/>, or for an unbounded source
    /// Flink's cap <c>Long.MAX_VALUE / (totalProportion * max avg size)</c>.
    /// </summary>
    public long MaxEvents => EventsNum > 0
        ? EventsNum
        : long.MaxValue / ((long)TotalProportion * Math.Max(Math.Max(AvgPersonByteSize, AvgAuctionByteSize), AvgBidByteSize));

    /// <summary>True when <c>events.num</c> bounds the source.</summary>
    public bool IsBounded => EventsNum > 0;

    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "connector", "first-event.rate", "next-event.rate", "rate", "events.num", "events",
        "person.proportion", "auction.proportion", "bid.proportion",
        "person.avg-size", "auction.avg-size", "bid.avg-size",
        "bid.hot-ratio.auctions", "bid.hot-ratio.bidders", "auction.hot-ratio.sellers",
        "max-emit-speed", "keep-alive", "stop-at", "seed", "base-time", "scan.parallelism",
        // Options of older nexmark-flink releases: rate.limited = true paces like max-emit-speed = false;
        // the rate shape options have no effect (only the first rate is ever used).
        "rate.limited", "rate.shape", "rate.period",
    };

    /// <summary>
    /// Reads a <c>nexmark</c> table's <c>WITH</c> options. Malformed and unknown options are added to
    /// <paramref name="errors"/> (the defaults stand in for them); the result is always usable.
    /// <c>rate</c> and <c>events</c> are accepted as short forms of <c>first-event.rate</c> and <c>events.num</c>.
    /// </summary>
    public static NexmarkConfig FromOptions(IReadOnlyDictionary<string, string> options, ICollection<GeneratorOptionError> errors)
    {
        foreach (var key in options.Keys)
        {
            if (!KnownOptions.Contains(key))
            {
                errors.Add(new GeneratorOptionError(InvalidOptionCode, key,
                    $"unknown nexmark option '{key}'; known options: {string.Join(", ", KnownOptions.Where(k => k != "connector").Order(StringComparer.Ordinal))}"));
            }
        }
        var r = new OptionReader(options, InvalidOptionCode, errors);
        var rate = r.GetLong("rate", 10_000, 1);
        rate = r.GetLong("first-event.rate", rate, 1);
        var config = new NexmarkConfig
        {
            FirstEventRate = rate,
            NextEventRate = r.GetLong("next-event.rate", rate, 1),
            EventsNum = r.GetLong("events.num", r.GetLong("events", 0, 0), 0),
            PersonProportion = r.GetInt("person.proportion", 1, 0, 1_000_000),
            AuctionProportion = r.GetInt("auction.proportion", 3, 0, 1_000_000),
            BidProportion = r.GetInt("bid.proportion", 46, 0, 1_000_000),
            AvgPersonByteSize = r.GetByteSize("person.avg-size", 200),
            AvgAuctionByteSize = r.GetByteSize("auction.avg-size", 500),
            AvgBidByteSize = r.GetByteSize("bid.avg-size", 100),
            HotAuctionRatio = r.GetInt("bid.hot-ratio.auctions", 2, 1),
            HotBiddersRatio = r.GetInt("bid.hot-ratio.bidders", 4, 1),
            HotSellersRatio = r.GetInt("auction.hot-ratio.sellers", 4, 1),
            MaxEmitSpeed = r.GetBool("max-emit-speed", !r.GetBool("rate.limited", false)),
            KeepAlive = r.GetBool("keep-alive", false),
            StopAt = r.GetLong("stop-at", -1, -1),
            Seed = r.GetLong("seed", DefaultSeed),
            BaseTime = ReadBaseTime(r),
        };
        if (config.TotalProportion == 0)
        {
            r.Error("bid.proportion", "the person, auction and bid proportions must not all be 0");
            config = config with { PersonProportion = 1, AuctionProportion = 3, BidProportion = 46 };
        }
        return config;
    }

    private static long ReadBaseTime(OptionReader r)
    {
        var text = r.GetString("base-time");
        if (text is null) return DefaultBaseTime;
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)) return ms;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text.Trim().TrimEnd('Z'), formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            return (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        }
        r.Error("base-time", $"'base-time' must be epoch milliseconds or a UTC timestamp 'yyyy-MM-dd HH:mm:ss[.SSS]', found '{text}'");
        return DefaultBaseTime;
    }
}
