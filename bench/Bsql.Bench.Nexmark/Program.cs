using System.Diagnostics;
using System.Globalization;
using Bsql.Planner;
using Bsql.Runtime.Execution;

// Nexmark q0 q1 q2 q5 q7 q8 (the Flink SQL files in ../shared/nexmark, compiled as written) and the
// generator alone (source -> blackhole, no query), each on N bounded events at parallelism 1 into
// blackhole sinks. Reports wall throughput and events per CPU-second of the whole process (the
// per-core figure on a shared machine), with the ratio to the generator alone.
// Usage: dotnet run -c Release --project bench/Bsql.Bench.Nexmark [events] [queries...]
var events = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000L;
var only = args.Skip(1).ToHashSet(StringComparer.OrdinalIgnoreCase);
var shared = FindSharedDir();

// query, aim from the issue (events/s per core), Flink per core (README table)
(string Name, double Aim, double Flink)[] queries =
[
    ("generator", double.NaN, double.NaN),
    ("q0", 800_000, 155_000), ("q1", 800_000, 158_000), ("q2", 800_000, 175_000),
    ("q5", 110_000, 22_000), ("q7", 60_000, 12_000), ("q8", 700_000, 146_000),
];

Console.WriteLine($"Nexmark, {events:N0} events, parallelism 1, blackhole sinks; {Environment.ProcessorCount} cores visible");
var failed = new List<string>();
var results = new List<(string Name, double Wall, double PerCpu, double Aim, double Flink, double Seconds, double CpuSeconds)>();
foreach (var (name, aim, flink) in queries)
{
    if (only.Count > 0 && !only.Contains(name) && name != "generator") continue;
    var script = Script(shared, name, events);
    try
    {
        Run(Script(shared, name, Math.Min(events, 200_000))); // warm-up: JIT tiers up on a short run
    }
    catch (Exception e) when (e is InvalidOperationException or ArgumentException or BsqlRuntimeException)
    {
        Console.WriteLine($"  {name}: FAILS: {e.GetType().Name}: {e.Message}");
        failed.Add(name);
        continue;
    }
    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    Run(script);
    watch.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var r = (name, events / watch.Elapsed.TotalSeconds, events / cpu, aim, flink, watch.Elapsed.TotalSeconds, cpu);
    results.Add(r);
    Console.WriteLine($"  {name}: {r.Item6:F2} s wall, {cpu:F2} s CPU");
}

var generator = results.FirstOrDefault(r => r.Name == "generator").PerCpu;
Console.WriteLine();
Console.WriteLine("| query | wall s | CPU s | events/s wall | events per CPU-second | ratio to generator (CPU) | aim /core | Flink /core (README) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Name} | {r.Seconds:F2} | {r.CpuSeconds:F2} | {K(r.Wall)} | {K(r.PerCpu)} | {r.PerCpu / generator:F2} | {K(r.Aim)} | {K(r.Flink)} |");
}
foreach (var name in failed) Console.WriteLine($"| {name} | fails | | | | | | |");

static string K(double v) => double.IsNaN(v) ? "—" : v >= 1_000_000 ? $"{v / 1_000_000:F2} M/s" : $"{v / 1000:F0} K/s";

static void Run(string script)
{
    var result = BsqlCompiler.Compile(script, "nexmark.sql");
    if (!result.Success || result.Plan is null)
    {
        throw new InvalidOperationException(string.Join("\n", result.Errors));
    }
    JobRunner.RunAsync(result.Plan, new JobRunOptions(), CancellationToken.None).GetAwaiter().GetResult();
}

static string Script(string shared, string query, long events)
{
    var ddl = File.ReadAllText(Path.Combine(shared, "ddl.sql"));
    // The generator alone: every datagen column (the computed `dateTime` too) into a blackhole, no query.
    var body = query == "generator"
        ? """
          CREATE TABLE nexmark_generator (
            event_type INT,
            person ROW<id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR, `dateTime` TIMESTAMP(3), extra VARCHAR>,
            auction ROW<id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT, `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR>,
            bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, `dateTime` TIMESTAMP(3), extra VARCHAR>,
            `dateTime` TIMESTAMP(3)
          ) WITH ('connector' = 'blackhole');
          INSERT INTO nexmark_generator SELECT * FROM datagen;
          """
        : File.ReadAllText(Path.Combine(shared, query + ".sql"));
    return (ddl + "\n" + body)
        .Replace("${TPS}", "10000")
        .Replace("${EVENTS_NUM}", events.ToString(CultureInfo.InvariantCulture))
        .Replace("${PERSON_PROPORTION}", "1")
        .Replace("${AUCTION_PROPORTION}", "3")
        .Replace("${BID_PROPORTION}", "46")
        .Replace("${NEXMARK_TABLE}", "datagen");
}

static string FindSharedDir()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "nexmark"));
    }
    throw new InvalidOperationException("Bsql.sln not found above " + AppContext.BaseDirectory);
}
