using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Datagen;
using Bsql.Runtime.Connectors.Nexmark;
using Bsql.Runtime.Execution;

// Generator throughput on one thread: rows produced per second with nothing downstream, and the
// nexmark source feeding a blackhole sink through the runtime at parallelism 1.
// Usage: dotnet run -c Release --project bench/Bsql.Bench.Generators [events]
var events = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000L;

Measure("nexmark generator, default mix 1/3/46", events, () => DrainNexmark(new NexmarkConfig { EventsNum = events }));
Measure("nexmark generator, bids only", events, () => DrainNexmark(new NexmarkConfig { EventsNum = events, PersonProportion = 0, AuctionProportion = 0, BidProportion = 1 }));
Measure("datagen generator, (BIGINT, INT, STRING(10), TIMESTAMP)", events, () => DrainDatagen(events));
Measure("nexmark source -> blackhole job, p=1", events, () => RunJob(events));

static void Measure(string name, long events, Func<long> run)
{
    run(); // warm-up: the first run also lets the JIT tier up
    var gcBefore = GC.CollectionCount(0);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var rows = run();
    watch.Stop();
    process.Refresh();
    // CPU time of the whole process (generator thread, GC, runtime threads): the per-core figure,
    // robust to other load on a shared machine; wall time is shown as well.
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-56} {rows,12:N0} rows: wall {watch.Elapsed.TotalSeconds,6:F2} s = {rows / watch.Elapsed.TotalSeconds / 1e6,5:F2} M/s; CPU {cpu,6:F2} s = {rows / cpu / 1e6,5:F2} M/s per core (gen0 GCs {GC.CollectionCount(0) - gcBefore})"));
}

static long DrainNexmark(NexmarkConfig config)
{
    var generator = new NexmarkGenerator(config);
    var row = new object?[5];
    while (generator.HasNext) generator.NextInto(row);
    return generator.EventsEmitted;
}

static long DrainDatagen(long rows)
{
    var schema = new RowSchema(ImmutableArray.Create(
        new RowField("id", SqlType.BigInt), new RowField("n", SqlType.Int), new RowField("s", SqlType.String), new RowField("ts", SqlType.Timestamp(3))));
    var errors = new List<GeneratorOptionError>();
    var config = DatagenConfig.FromOptions(schema, new Dictionary<string, string>
    {
        ["number-of-rows"] = rows.ToString(CultureInfo.InvariantCulture),
        ["fields.id.kind"] = "sequence", ["fields.id.start"] = "1", ["fields.id.end"] = rows.ToString(CultureInfo.InvariantCulture),
        ["fields.s.length"] = "10", ["base-time"] = "0",
    }, errors);
    if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
    var generator = new DatagenGenerator(config, 0, 1, TimeProvider.System);
    var row = new object?[4];
    while (generator.HasNext) generator.NextInto(row);
    return generator.RowsEmitted;
}

static long RunJob(long events)
{
    var schema = new RowSchema(ImmutableArray.Create(
        new RowField("event_type", SqlType.Int),
        new RowField("person", Row(("id", SqlType.BigInt), ("name", SqlType.String), ("emailAddress", SqlType.String), ("creditCard", SqlType.String),
            ("city", SqlType.String), ("state", SqlType.String), ("dateTime", SqlType.Timestamp(3)), ("extra", SqlType.String))),
        new RowField("auction", Row(("id", SqlType.BigInt), ("itemName", SqlType.String), ("description", SqlType.String), ("initialBid", SqlType.BigInt),
            ("reserve", SqlType.BigInt), ("dateTime", SqlType.Timestamp(3)), ("expires", SqlType.Timestamp(3)), ("seller", SqlType.BigInt),
            ("category", SqlType.BigInt), ("extra", SqlType.String))),
        new RowField("bid", Row(("auction", SqlType.BigInt), ("bidder", SqlType.BigInt), ("price", SqlType.BigInt), ("channel", SqlType.String),
            ("url", SqlType.String), ("dateTime", SqlType.Timestamp(3)), ("extra", SqlType.String)))));
    var source = new ConnectorSpec("nexmark", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [KeyValuePair.Create("events.num", events.ToString(CultureInfo.InvariantCulture))]));
    var sink = new ConnectorSpec("blackhole", ImmutableSortedDictionary<string, string>.Empty);
    var plan = new PhysicalPlan(PhysicalPlan.CurrentFormatVersion, "bench", new JobOptions(),
        [
            new PhysicalOperator(1, "source", new SourceSpec("datagen", source, schema, [], null), schema, ChangelogMode.InsertOnly, 1),
            new PhysicalOperator(2, "sink", new SinkSpec("out", sink, schema, []), schema, ChangelogMode.InsertOnly, 1),
        ],
        [new PhysicalEdge(1, 2, 0, EdgeKind.Forward, [])]);
    var result = JobRunner.RunAsync(plan, new JobRunOptions(), CancellationToken.None).GetAwaiter().GetResult();
    return result.Metrics.Operators[2].RowsIn;
}

static SqlType Row(params (string Name, SqlType Type)[] fields) => SqlType.Row(fields.Select(f => new RowField(f.Name, f.Type)));
