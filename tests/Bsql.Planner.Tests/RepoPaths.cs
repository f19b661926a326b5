namespace Bsql.Planner.Tests;

/// <summary>Locates the repository (the folder holding Bsql.sln) and the shared benchmark inputs next to it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Cases => Path.Combine(Root, "tests", "Bsql.Planner.Tests", "cases");

    public static string Nexmark => Path.GetFullPath(Path.Combine(Root, "..", "shared", "nexmark"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Bsql.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A Nexmark query with its DDL, placeholders filled as the benchmark runner does.</summary>
    public static string NexmarkJob(string query)
    {
        var ddl = File.ReadAllText(Path.Combine(Nexmark, "ddl.sql"));
        var text = ddl.TrimEnd().TrimEnd(';') + ";\n" + File.ReadAllText(Path.Combine(Nexmark, query + ".sql"));
        return text.Replace("${TPS}", "10000", StringComparison.Ordinal)
            .Replace("${EVENTS_NUM}", "100000", StringComparison.Ordinal)
            .Replace("${PERSON_PROPORTION}", "1", StringComparison.Ordinal)
            .Replace("${AUCTION_PROPORTION}", "3", StringComparison.Ordinal)
            .Replace("${BID_PROPORTION}", "46", StringComparison.Ordinal)
            .Replace("${NEXMARK_TABLE}", "datagen", StringComparison.Ordinal);
    }
}
