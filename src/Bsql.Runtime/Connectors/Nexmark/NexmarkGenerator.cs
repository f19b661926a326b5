namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// The Nexmark event generator (rules: <c>shared/nexmark/generator.md</c>, after the Flink/Beam
/// generator). One instance is one parallel generator: split <c>splitIndex</c> of
/// <c>splitCount</c> as <c>GeneratorConfig.split(n)</c> assigns event ids.
/// Each call to <see cref="Next"/> returns one row of the <c>datagen</c> table's physical columns:
/// <c>[event_type INT, person ROW, auction ROW, bid ROW]</c>, the two ROWs that do not match the
/// event type being NULL.
/// </summary>
/// <remarks>
/// Event ids, types and timestamps follow Flink exactly. Field values are drawn from a SplitMix64
/// generator re-seeded for every event from (<see cref="NexmarkConfig.Seed"/>, event id), so an
/// event's values depend only on the seed and its id: the same seed gives the same events at any
/// parallelism (timestamps do depend on the parallelism, as in Flink: each generator runs its own
/// timeline at rate/parallelism) and restoring needs nothing but <see cref="EventsEmitted"/>.
/// </remarks>
public sealed class NexmarkGenerator
{
    /// <summary><c>event_type</c> of a person.</summary>
    public const int PersonType = 0;

    /// <summary><c>event_type</c> of an auction.</summary>
    public const int AuctionType = 1;

    /// <summary><c>event_type</c> of a bid.</summary>
    public const int BidType = 2;

    private const long FirstPersonId = 1000;
    private const long FirstAuctionId = 1000;
    private const long FirstCategoryId = 10;
    private const int NumCategories = 5;
    private const int PersonIdLead = 10;
    private const int AuctionIdLead = 10;
    private const int HotSellerRatio = 100;
    private const int HotAuctionRatio = 100;
    private const int HotBidderRatio = 100;
    private const long FirstEventNumber = 1;

    private static readonly object BoxedPerson = PersonType;
    private static readonly object BoxedAuction = AuctionType;
    private static readonly object BoxedBid = BidType;
    private static readonly object[] BoxedCategories = [10L, 11L, 12L, 13L, 14L];

    private readonly NexmarkConfig _config;
    private readonly long _firstEventId;
    private readonly double _interEventDelayUs;
    private readonly long _seed;
    private readonly int _personProportion;
    private readonly int _auctionProportion;
    private readonly int _totalProportion;
    private readonly string _extraSource;
    private readonly string[] _hotUrls;
    private readonly string?[] _channelNames = new string?[NexmarkText.ChannelsNumber];
    private readonly string?[] _channelUrls = new string?[NexmarkText.ChannelsNumber];
    private SplitMix64 _rng;
    private long _boxedTimestampMs = long.MinValue;
    private object _boxedTimestamp = DateTime.UnixEpoch;
    private long _boxedAuction = long.MinValue;
    private object _boxedAuctionValue = 0L;
    private long _boxedBidder = long.MinValue;
    private object _boxedBidderValue = 0L;

    /// <summary>Generator <paramref name="splitIndex"/> of <paramref name="splitCount"/> parallel ones.</summary>
    public NexmarkGenerator(NexmarkConfig config, int splitIndex = 0, int splitCount = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(splitCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(splitIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(splitIndex, splitCount);
        _config = config;
        var total = config.MaxEvents;
        var sub = total / splitCount;
        _firstEventId = 1 + splitIndex * sub;
        MaxEvents = splitIndex == splitCount - 1 ? total - sub * (splitCount - 1) : sub;
        _interEventDelayUs = 1_000_000.0 / config.FirstEventRate * splitCount;
        _seed = config.Seed;
        _personProportion = config.PersonProportion;
        _auctionProportion = config.AuctionProportion;
        _totalProportion = config.TotalProportion;
        _extraSource = NexmarkText.ExtraSource(config.Seed);
        _hotUrls = new string[NexmarkText.HotChannels.Length];
        for (var i = 0; i < _hotUrls.Length; i++) _hotUrls[i] = NexmarkText.HotUrl(config.Seed, i);
    }

    /// <summary>Events this generator produces in total (its share of <see cref="NexmarkConfig.MaxEvents"/>).</summary>
    public long MaxEvents { get; }

    /// <summary>Events produced so far: the checkpointable position.</summary>
    public long EventsEmitted { get; private set; }

    /// <summary>True while events remain.</summary>
    public bool HasNext => EventsEmitted < MaxEvents;

    /// <summary>The id of the event the next <see cref="Next"/> returns.</summary>
    public long NextEventId => _firstEventId + FirstEventNumber + EventsEmitted;

    /// <summary>The event time (epoch ms) of the event the next <see cref="Next"/> returns.</summary>
    public long NextEventTimestamp => TimestampForEvent(FirstEventNumber + EventsEmitted);

    /// <summary>
    /// The wall-clock offset (ms since the source started) at which the next event is due when
    /// <c>max-emit-speed</c> is false: its event time minus the base time.
    /// </summary>
    public long NextEventDueOffsetMs => NextEventTimestamp - _config.BaseTime;

    /// <summary>Continues after <paramref name="eventsEmitted"/> events (restore from a checkpoint).</summary>
    public void Seek(long eventsEmitted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventsEmitted);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eventsEmitted, MaxEvents);
        EventsEmitted = eventsEmitted;
    }

    /// <summary>Event type (0 person, 1 auction, 2 bid) of the event with <paramref name="eventId"/>.</summary>
    public int EventTypeOf(long eventId)
    {
        var rem = eventId % _totalProportion;
        return rem < _personProportion ? PersonType : rem < _personProportion + _auctionProportion ? AuctionType : BidType;
    }

    /// <summary>Produces the next event as a new 4-column row; call only while <see cref="HasNext"/>.</summary>
    public object?[] Next()
    {
        var row = new object?[4];
        NextInto(row);
        return row;
    }

    /// <summary>
    /// Writes the next event into columns 0..3 of <paramref name="row"/> (which may be wider, e.g. a
    /// runtime row with room for computed columns); call only while <see cref="HasNext"/>.
    /// </summary>
    public void NextInto(object?[] row)
    {
        var eventNumber = FirstEventNumber + EventsEmitted;
        var eventId = _firstEventId + eventNumber;
        var timestamp = TimestampForEvent(eventNumber);
        _rng.Reseed(SplitMix64.Mix64(unchecked((ulong)_seed + (ulong)eventId * SplitMix64.GoldenGamma)));
        EventsEmitted++;
        var rem = eventId % _totalProportion;
        if (rem < _personProportion)
        {
            row[0] = BoxedPerson;
            row[1] = NextPerson(eventId, timestamp);
            row[2] = null;
            row[3] = null;
        }
        else if (rem < _personProportion + _auctionProportion)
        {
            row[0] = BoxedAuction;
            row[1] = null;
            row[2] = NextAuction(eventNumber, eventId, timestamp);
            row[3] = null;
        }
        else
        {
            row[0] = BoxedBid;
            row[1] = null;
            row[2] = null;
            row[3] = NextBid(eventId, timestamp);
        }
    }

    internal long TimestampForEvent(long eventNumber) => _config.BaseTime + (long)(eventNumber * _interEventDelayUs) / 1000L;

    internal static long LastBase0PersonId(NexmarkConfig config, long eventId)
    {
        var epoch = eventId / config.TotalProportion;
        var offset = eventId % config.TotalProportion;
        if (offset >= config.PersonProportion) offset = config.PersonProportion - 1;
        return epoch * config.PersonProportion + offset;
    }

    internal static long LastBase0AuctionId(NexmarkConfig config, long eventId)
    {
        var epoch = eventId / config.TotalProportion;
        var offset = eventId % config.TotalProportion;
        if (offset < config.PersonProportion)
        {
            epoch--;
            offset = config.AuctionProportion - 1;
        }
        else if (offset >= config.PersonProportion + config.AuctionProportion)
        {
            offset = config.AuctionProportion - 1;
        }
        else
        {
            offset -= config.PersonProportion;
        }
        return epoch * config.AuctionProportion + offset;
    }

    private long NextLong(long n) => n < int.MaxValue ? _rng.NextInt((int)n) : Math.Abs(_rng.NextLong() % n);

    private long NextBase0PersonId(long eventId)
    {
        var numPeople = LastBase0PersonId(_config, eventId) + 1;
        var active = Math.Min(numPeople, _config.NumActivePeople);
        return numPeople - active + NextLong(active + PersonIdLead);
    }

    private long NextBase0AuctionId(long eventId)
    {
        var max = LastBase0AuctionId(_config, eventId);
        var min = Math.Max(max - _config.NumInFlightAuctions, 0);
        return min + NextLong(max - min + 1 + AuctionIdLead);
    }

    /// <summary>Java's <c>Math.round(Math.pow(10, U * 6) * 100)</c>: log-uniform cents in [100, 1e8].</summary>
    private long NextPrice() => (long)Math.Floor(Math.Pow(10.0, _rng.NextDouble() * 6.0) * 100.0 + 0.5);

    private string NextString(int maxLength)
    {
        Span<char> buffer = stackalloc char[maxLength];
        return new string(NexmarkText.NextString(ref _rng, buffer, maxLength, ' '));
    }

    private string NextExtra(int currentSize, int desiredAverageSize)
    {
        if (currentSize > desiredAverageSize) return "";
        var d = desiredAverageSize - currentSize;
        var delta = (int)Math.Floor(d * 0.2 + 0.5);
        var size = d - delta + (delta == 0 ? 0 : _rng.NextInt(2 * delta));
        if (size <= 0) return "";
        if (size <= _extraSource.Length) return _extraSource.Substring(_rng.NextInt(_extraSource.Length - size + 1), size);
        var source = _extraSource;
        return string.Create(size, source, static (span, s) =>
        {
            for (var i = 0; i < span.Length; i += s.Length) s.AsSpan(0, Math.Min(s.Length, span.Length - i)).CopyTo(span[i..]);
        });
    }

    private object BoxTimestamp(long epochMs)
    {
        // At 10k+ events/s many consecutive events share a millisecond: share their boxed value.
        if (epochMs != _boxedTimestampMs)
        {
            _boxedTimestampMs = epochMs;
            _boxedTimestamp = ToTimestamp(epochMs);
        }
        return _boxedTimestamp;
    }

    private static DateTime ToTimestamp(long epochMs) =>
        new(DateTime.UnixEpoch.Ticks + epochMs * TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified);

    private object?[] NextPerson(long eventId, long timestamp)
    {
        var id = LastBase0PersonId(_config, eventId) + FirstPersonId;
        var name = NexmarkText.FullNames[_rng.NextInt(NexmarkText.FirstNames.Length) * NexmarkText.LastNames.Length + _rng.NextInt(NexmarkText.LastNames.Length)];

        Span<char> email = stackalloc char[16];
        var user = NexmarkText.NextString(ref _rng, email, 7, ' ');
        var n = user.Length;
        user.CopyTo(email);
        email[n++] = '@';
        var host = NexmarkText.NextString(ref _rng, email[n..], 5, ' ');
        host.CopyTo(email[n..]);
        n += host.Length;
        ".com".AsSpan().CopyTo(email[n..]);
        var emailAddress = new string(email[..(n + 4)]);

        Span<char> card = stackalloc char[19];
        for (var g = 0; g < 4; g++)
        {
            var v = _rng.NextInt(10_000);
            var at = g * 5;
            card[at] = (char)('0' + v / 1000);
            card[at + 1] = (char)('0' + v / 100 % 10);
            card[at + 2] = (char)('0' + v / 10 % 10);
            card[at + 3] = (char)('0' + v % 10);
            if (g < 3) card[at + 4] = ' ';
        }
        var creditCard = new string(card);
        var city = NexmarkText.Cities[_rng.NextInt(NexmarkText.Cities.Length)];
        var state = NexmarkText.States[_rng.NextInt(NexmarkText.States.Length)];
        var currentSize = 8 + name.Length + emailAddress.Length + creditCard.Length + city.Length + state.Length;
        var extra = NextExtra(currentSize, _config.AvgPersonByteSize);
        return [id, name, emailAddress, creditCard, city, state, BoxTimestamp(timestamp), extra];
    }

    private object?[] NextAuction(long eventNumber, long eventId, long timestamp)
    {
        var id = LastBase0AuctionId(_config, eventId) + FirstAuctionId;
        long seller = _rng.NextInt(_config.HotSellersRatio) > 0
            ? LastBase0PersonId(_config, eventId) / HotSellerRatio * HotSellerRatio
            : NextBase0PersonId(eventId);
        seller += FirstPersonId;
        var category = FirstCategoryId + _rng.NextInt(NumCategories);
        var initialBid = NextPrice();
        var expires = timestamp + NextAuctionLengthMs(eventNumber, timestamp);
        var itemName = NextString(20);
        var description = NextString(100);
        var reserve = initialBid + NextPrice();
        var currentSize = 8 + itemName.Length + description.Length + 8 + 8 + 8 + 8 + 8;
        var extra = NextExtra(currentSize, _config.AvgAuctionByteSize);
        return [id, itemName, description, initialBid, reserve, BoxTimestamp(timestamp), ToTimestamp(expires), seller, BoxedCategories[category - FirstCategoryId], extra];
    }

    private long NextAuctionLengthMs(long eventNumber, long timestamp)
    {
        // With outOfOrderGroupSize = 1 the adjusted event number is the event number.
        var numEventsForAuctions = (long)_config.NumInFlightAuctions * _totalProportion / _auctionProportion;
        var futureAuction = TimestampForEvent(eventNumber + numEventsForAuctions);
        var horizonMs = futureAuction - timestamp;
        return 1L + NextLong(Math.Max(horizonMs * 2, 1L));
    }

    private object?[] NextBid(long eventId, long timestamp)
    {
        long auction = _rng.NextInt(_config.HotAuctionRatio) > 0
            ? LastBase0AuctionId(_config, eventId) / HotAuctionRatio * HotAuctionRatio
            : NextBase0AuctionId(eventId);
        auction += FirstAuctionId;

        long bidder = _rng.NextInt(_config.HotBiddersRatio) > 0
            ? LastBase0PersonId(_config, eventId) / HotBidderRatio * HotBidderRatio + 1
            : NextBase0PersonId(eventId);
        bidder += FirstPersonId;

        var price = NextPrice();
        string channel;
        string url;
        if (_rng.NextInt(2) > 0)
        {
            var i = _rng.NextInt(NexmarkText.HotChannels.Length);
            channel = NexmarkText.HotChannels[i];
            url = _hotUrls[i];
        }
        else
        {
            var j = _rng.NextInt(NexmarkText.ChannelsNumber);
            channel = _channelNames[j] ??= "channel-" + j.ToString(System.Globalization.CultureInfo.InvariantCulture);
            url = _channelUrls[j] ??= NexmarkText.ChannelUrl(_seed, j);
        }

        // Quirk kept from nexmark-flink's BidGenerator: FIRST_PERSON_ID is added a second time.
        bidder += FirstPersonId;

        var extra = NextExtra(8 + 8 + 8 + 8, _config.AvgBidByteSize);
        // Most bids go to the hot auction and come from a hot bidder: share the boxes of repeated ids.
        if (auction != _boxedAuction)
        {
            _boxedAuction = auction;
            _boxedAuctionValue = auction;
        }
        if (bidder != _boxedBidder)
        {
            _boxedBidder = bidder;
            _boxedBidderValue = bidder;
        }
        return [_boxedAuctionValue, _boxedBidderValue, price, channel, url, BoxTimestamp(timestamp), extra];
    }
}
