using System.Diagnostics;
using System.Globalization;
using Bsql.Planner;
using Bsql.Planner.Serialization;

namespace Bsql.Bench.Planner;

/// <summary>
/// Planner benchmark (plain harness): warm compile (parse + bind + optimize + physical plan) of the Nexmark suite from
/// ../shared/nexmark, in jobs per second of process CPU time, per query and for the whole suite, plus plan JSON
/// serialization. Run: dotnet run -c Release --project bench/Bsql.Bench.Planner [seconds per measurement]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
        var root = FindRepoRoot();
        var nexmark = Path.GetFullPath(Path.Combine(root, "..", "shared", "nexmark"));
        var queries = Directory.EnumerateFiles(nexmark, "q*.sql").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        var jobs = queries.Select(q => (Name: q!, Text: Job(nexmark, q!))).ToList();
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, load average {LoadAverage()}");
        foreach (var (name, text) in jobs)
        {
            var result = BsqlCompiler.Compile(text, name + ".sql");
            if (!result.Success)
            {
                Console.Error.WriteLine($"{name} does not compile: {result.Diagnostics[0]}");
                return 1;
            }
        }

        // Warm-up, each query alone, then the whole suite repeatedly.
        Measure(() => { foreach (var (name, text) in jobs) BsqlCompiler.Compile(text, name + ".sql"); }, 2.0);
        foreach (var (name, text) in jobs)
        {
            var (r, c) = Measure(() => BsqlCompiler.Compile(text, name + ".sql"), seconds / 3);
            Console.WriteLine($"  {name}: {r / c,8:F0} jobs/s  ({c * 1000 / r:F2} ms)");
        }
        var (runs, cpu) = Measure(() => { foreach (var (name, text) in jobs) BsqlCompiler.Compile(text, name + ".sql"); }, seconds);
        Console.WriteLine($"suite ({jobs.Count} jobs: {string.Join(", ", jobs.Select(j => j.Name))}): " +
            $"{runs * jobs.Count / cpu:F0} jobs/s of CPU time, {cpu * 1000 / (runs * jobs.Count):F2} ms per job");
        var plan = BsqlCompiler.Compile(jobs.First(j => j.Name == "q5").Text, "q5.sql").Plan!;
        var json = PlanSerializer.Serialize(plan);
        var (wr, wc) = Measure(() => PlanSerializer.Serialize(plan), seconds / 3);
        var (rr, rc) = Measure(() => PlanSerializer.Deserialize(json), seconds / 3);
        Console.WriteLine($"plan JSON (q5, {plan.Operators.Length} operators, {json.Length / 1024.0:F1} KB): write {wc * 1000 / wr:F2} ms, read {rc * 1000 / rr:F2} ms");
        return 0;
    }

    private static string Job(string dir, string query)
    {
        var text = File.ReadAllText(Path.Combine(dir, "ddl.sql")).TrimEnd().TrimEnd(';') + ";\n" + File.ReadAllText(Path.Combine(dir, query + ".sql"));
        return text.Replace("${TPS}", "10000", StringComparison.Ordinal).Replace("${EVENTS_NUM}", "100000", StringComparison.Ordinal)
            .Replace("${PERSON_PROPORTION}", "1", StringComparison.Ordinal).Replace("${AUCTION_PROPORTION}", "3", StringComparison.Ordinal)
            .Replace("${BID_PROPORTION}", "46", StringComparison.Ordinal).Replace("${NEXMARK_TABLE}", "datagen", StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="action"/> until <paramref name="seconds"/> of process CPU time have passed.</summary>
    private static (long Runs, double CpuSeconds) Measure(Action action, double seconds)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        long runs = 0;
        double elapsed;
        do
        {
            action();
            runs++;
            process.Refresh();
            elapsed = (process.TotalProcessorTime - start).TotalSeconds;
        }
        while (elapsed < seconds);
        return (runs, elapsed);
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Bsql.sln not found");
    }
}
