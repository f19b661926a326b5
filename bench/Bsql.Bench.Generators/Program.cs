using System.Diagnostics;
using System.Globalization;
using Bsql.Runtime.Connectors.Nexmark;

// Generator-only throughput, one thread: rows produced per second with nothing downstream.
// Usage: dotnet run -c Release --project bench/Bsql.Bench.Generators [events]
var events = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000L;

Run("nexmark default mix (1/3/46)", new NexmarkConfig { EventsNum = events });
Run("nexmark bids only (0/0/1)", new NexmarkConfig { EventsNum = events, PersonProportion = 0, AuctionProportion = 0, BidProportion = 1 });

static void Run(string name, NexmarkConfig config)
{
    // Warm-up so the JIT has tiered up before the measured run.
    Drain(new NexmarkGenerator(config with { EventsNum = Math.Min(config.EventsNum, 1_000_000) }));
    var generator = new NexmarkGenerator(config);
    var gcBefore = GC.CollectionCount(0);
    var watch = Stopwatch.StartNew();
    var checksum = Drain(generator);
    watch.Stop();
    var rate = generator.EventsEmitted / watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-34} {generator.EventsEmitted,12:N0} events in {watch.Elapsed.TotalSeconds,6:F2} s = {rate / 1e6,6:F2} M events/s  (gen0 GCs {GC.CollectionCount(0) - gcBefore}, checksum {checksum})"));
}

static long Drain(NexmarkGenerator generator)
{
    var row = new object?[5];
    long checksum = 0;
    while (generator.HasNext)
    {
        generator.NextInto(row);
        checksum += (int)row[0]!;
    }
    return checksum;
}
