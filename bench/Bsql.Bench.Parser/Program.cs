using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bsql.Parser;
using Bsql.Parser.Printing;

namespace Bsql.Bench.Parser;

/// <summary>
/// Parser benchmark (plain harness): throughput over the test corpus, time to parse a generated 5,000-line job,
/// and linearity over 1x/2x/4x job sizes. Run: dotnet run -c Release --project bench/Bsql.Bench.Parser
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
        var root = FindRepoRoot();
        var corpus = LoadCorpus(root);
        var statements = BsqlParser.Parse(corpus).Script.Statements.Count;
        var corpusBytes = Encoding.UTF8.GetByteCount(corpus);
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInfo()}, load average {LoadAverage()}");
        Console.WriteLine($"corpus: {corpusBytes:N0} bytes, {statements} statements");

        // Throughput over the corpus, repeated for a few seconds after a warm-up.
        Measure(() => BsqlParser.Parse(corpus), 1.0);
        var (runs, elapsed) = Measure(() => BsqlParser.Parse(corpus), seconds);
        var mbPerSecond = corpusBytes * (double)runs / (1024 * 1024) / elapsed.TotalSeconds;
        Console.WriteLine($"parse throughput (corpus, 1 thread): {mbPerSecond:F1} MB/s of CPU time ({runs} parses in {elapsed.TotalSeconds:F2} s CPU, {LastWall.TotalSeconds:F2} s wall)");

        var tree = BsqlParser.Parse(corpus).Script;
        var (printRuns, printElapsed) = Measure(() => SqlPrinter.Print(tree), seconds / 2);
        Console.WriteLine($"print throughput (corpus, 1 thread): {corpusBytes * (double)printRuns / (1024 * 1024) / printElapsed.TotalSeconds:F1} MB/s of CPU time");

        // A generated 5,000-line job, and its 2x and 4x versions for linearity.
        var baseJob = GenerateJob(corpus, 5000);
        Console.WriteLine("generated job sizes and parse times (CPU time per parse, median of 5 samples):");
        double? firstPerMb = null;
        foreach (var factor in new[] { 1, 2, 4 })
        {
            var job = GenerateJob(corpus, 5000 * factor);
            var lines = job.Count(c => c == '\n');
            var bytes = Encoding.UTF8.GetByteCount(job);
            var result = BsqlParser.Parse(job);
            if (result.Diagnostics.Count > 0)
            {
                Console.Error.WriteLine("generated job has diagnostics: " + result.Diagnostics[0]);
                return 1;
            }

            var median = Median(5, () => BsqlParser.Parse(job));
            var perMb = median.TotalMilliseconds / (bytes / (1024.0 * 1024));
            firstPerMb ??= perMb;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            _ = BsqlParser.Parse(job);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Console.WriteLine($"  {factor}x: {lines,6} lines, {bytes / 1024.0,8:F0} KB, {result.Script.Statements.Count,5} statements: " +
                $"{median.TotalMilliseconds,7:F1} ms  ({perMb:F1} ms/MB, {perMb / firstPerMb.Value:F2}x of 1x), " +
                $"allocates {allocated / (double)bytes:F1} bytes per input byte");
        }

        _ = baseJob;
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string RuntimeInfo()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }

        return $"{cpu}, .NET {Environment.Version}";
    }

    /// <summary>
    /// Repeats the action for the given CPU time. Time is the process CPU time, not wall time: the benchmark machine is
    /// shared, and CPU time is what one core spends on the work whatever else runs.
    /// </summary>
    private static (long Runs, TimeSpan Elapsed) Measure(Action action, double seconds)
    {
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long runs = 0;
        TimeSpan cpu;
        do
        {
            action();
            runs++;
            process.Refresh();
            cpu = process.TotalProcessorTime - cpuStart;
        }
        while (cpu.TotalSeconds < seconds);

        LastWall = wall.Elapsed;
        return (runs, cpu);
    }

    private static TimeSpan LastWall { get; set; }

    /// <summary>Median over <paramref name="count"/> samples of the CPU time per run (each sample repeats for 0.3 s of CPU).</summary>
    private static TimeSpan Median(int count, Action action)
    {
        action();
        var times = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var (runs, cpu) = Measure(action, 0.3);
            times.Add(cpu / runs);
        }

        times.Sort();
        return times[count / 2];
    }

    /// <summary>Repeats the corpus statements (with fresh table names) until the job has at least <paramref name="lines"/> lines.</summary>
    private static string GenerateJob(string corpus, int lines)
    {
        var parsed = BsqlParser.Parse(corpus);
        var texts = parsed.Script.Statements.Select(s => parsed.Source.GetText(s.Span)).ToArray();
        var sb = new StringBuilder();
        var lineCount = 0;
        var copy = 0;
        while (lineCount < lines)
        {
            foreach (var text in texts)
            {
                var statement = text.Replace(" feed", " feed_" + copy.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                sb.Append(statement).Append(";\n\n");
                lineCount += statement.Count(c => c == '\n') + 2;
                if (lineCount >= lines)
                {
                    break;
                }
            }

            copy++;
        }

        return sb.ToString();
    }

    private static string LoadCorpus(string root)
    {
        var sb = new StringBuilder();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "Bsql.Parser.Tests", "corpus"), "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append(File.ReadAllText(file)).Append('\n');
        }

        var nexmark = Path.Combine(root, "..", "shared", "nexmark");
        if (!Directory.Exists(nexmark))
        {
            nexmark = "/work/shared/nexmark";
        }

        foreach (var file in Directory.GetFiles(nexmark, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append(File.ReadAllText(file)
                .Replace("${TPS}", "10000", StringComparison.Ordinal)
                .Replace("${EVENTS_NUM}", "100000000", StringComparison.Ordinal)
                .Replace("${PERSON_PROPORTION}", "1", StringComparison.Ordinal)
                .Replace("${AUCTION_PROPORTION}", "3", StringComparison.Ordinal)
                .Replace("${BID_PROPORTION}", "46", StringComparison.Ordinal)
                .Replace("${NEXMARK_TABLE}", "datagen", StringComparison.Ordinal)).Append(";\n");
        }

        return sb.ToString();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
