namespace Bsql.Planner.Tests;

/// <summary>Golden-file comparison; <c>BSQL_UPDATE_GOLDEN=1</c> rewrites the files instead.</summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("BSQL_UPDATE_GOLDEN") == "1";

    public static void Check(string path, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests with BSQL_UPDATE_GOLDEN=1 and review it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }
}
