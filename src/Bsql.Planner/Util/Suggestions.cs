namespace Bsql.Planner.Util;

/// <summary>Did-you-mean hints by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="name"/> (case-insensitive), when close enough to be a likely typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = name.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            var d = Distance(lower, candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        var limit = Math.Max(2, name.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>A hint sentence, or null: <c>did you mean 'x'?</c>.</summary>
    public static string? DidYouMean(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } best ? $"did you mean '{best}'?" : null;

    /// <summary>Levenshtein distance (insert, delete, substitute, each cost 1).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
