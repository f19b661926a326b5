using Bsql.Parser;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Printing;
using Bsql.Parser.Syntax;

namespace Bsql.Parser.Tests;

/// <summary>Shared helpers: repository paths, clean parsing and the round-trip assertion.</summary>
internal static class TestSupport
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bsql.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string CorpusDirectory => Path.Combine(RepoRoot, "tests", "Bsql.Parser.Tests", "corpus");

    /// <summary>The shared Nexmark files live next to the repository (../shared/nexmark), never copied into it.</summary>
    public static string NexmarkDirectory
    {
        get
        {
            var candidates = new[]
            {
                Path.Combine(RepoRoot, "..", "shared", "nexmark"),
                "/work/shared/nexmark",
            };
            return candidates.FirstOrDefault(Directory.Exists) ?? candidates[0];
        }
    }

    public static string SubstituteNexmark(string text) => text
        .Replace("${TPS}", "10000", StringComparison.Ordinal)
        .Replace("${EVENTS_NUM}", "100000000", StringComparison.Ordinal)
        .Replace("${PERSON_PROPORTION}", "1", StringComparison.Ordinal)
        .Replace("${AUCTION_PROPORTION}", "3", StringComparison.Ordinal)
        .Replace("${BID_PROPORTION}", "46", StringComparison.Ordinal)
        .Replace("${NEXMARK_TABLE}", "datagen", StringComparison.Ordinal);

    public static ParseResult ParseClean(string sql, string? fileName = null)
    {
        var result = BsqlParser.Parse(sql, fileName);
        Assert.True(result.Diagnostics.Count == 0,
            "unexpected diagnostics:\n" + DiagnosticFormatter.FormatAll(result.Diagnostics));
        return result;
    }

    /// <summary>parse → print → parse gives an equal tree, and printing the reparsed tree gives the same text.</summary>
    public static string AssertRoundTrip(string sql)
    {
        var first = ParseClean(sql);
        var printed = SqlPrinter.Print(first.Script);
        var second = BsqlParser.Parse(printed, "<printed>");
        Assert.True(second.Diagnostics.Count == 0,
            "printed text does not parse:\n" + printed + "\n" + DiagnosticFormatter.FormatAll(second.Diagnostics));
        AssertTreesEqual(first.Script, second.Script, printed);
        Assert.Equal(printed, SqlPrinter.Print(second.Script));
        return printed;
    }

    public static void AssertTreesEqual(Script expected, Script actual, string context)
    {
        Assert.Equal(expected.Statements.Count, actual.Statements.Count);
        for (var i = 0; i < expected.Statements.Count; i++)
        {
            if (!expected.Statements[i].Equals(actual.Statements[i]))
            {
                Assert.Fail($"statement {i} differs after printing:\n{context}\nexpected: {expected.Statements[i]}\nactual:   {actual.Statements[i]}");
            }
        }

        Assert.Equal(expected, actual);
    }
}
