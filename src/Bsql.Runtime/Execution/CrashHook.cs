using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Bsql.Runtime.Execution;

/// <summary>
/// Fault injection for crash tests: with <c>BSQL_CRASH_AT=&lt;point&gt;[:&lt;n&gt;]</c> in the environment, the process
/// kills itself (SIGKILL, no cleanup) the n-th time (default: first) it reaches that point. Points:
/// <c>after-checkpoint</c> (a checkpoint is written, no subtask told yet), <c>before-kafka-commit</c> (an
/// exactly-once Kafka sink wrote its transaction's marker and is about to commit).
/// </summary>
public static class CrashHook
{
    private static readonly (string Point, int Count)? Target = Parse(Environment.GetEnvironmentVariable("BSQL_CRASH_AT"));
    private static readonly ConcurrentDictionary<string, int> Reached = new(StringComparer.Ordinal);

    /// <summary>Kills the process here if <c>BSQL_CRASH_AT</c> names this point and its count is reached.</summary>
    public static void At(string point)
    {
        if (Target is not { } target || !string.Equals(target.Point, point, StringComparison.Ordinal)) return;
        if (Reached.AddOrUpdate(point, 1, (_, n) => n + 1) != target.Count) return;
        Console.Error.WriteLine($"BSQL_CRASH_AT: killing the process at {point} #{target.Count}");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var colon = value.LastIndexOf(':');
        if (colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return (value[..colon], n);
        }
        return (value, 1);
    }
}
