using System.Text.RegularExpressions;
using Bsql.Runtime.Expressions;

namespace Bsql.Runtime.Tests;

public sealed class FunctionCoverageTests
{
    /// <summary>Canonical scalar names listed in docs/functions.md (every section except Aggregates).</summary>
    internal static IReadOnlyList<string> DocumentedNames()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bsql.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var lines = File.ReadAllLines(Path.Combine(dir!.FullName, "docs", "functions.md"));
        var names = new List<string>();
        var section = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }
            if (section.Length == 0 || section.StartsWith("Aggregates", StringComparison.Ordinal) || section.StartsWith("User-defined", StringComparison.Ordinal)) continue;
            var text = line;
            if (text.StartsWith('|'))
            {
                // Tables: the names are in the first column.
                var cells = text.Split(" | ");
                text = cells[0].TrimStart('|');
                if (text.Contains("---", StringComparison.Ordinal) || text.Contains("canonical name", StringComparison.Ordinal) || text.Trim() == "name") continue;
            }
            foreach (Match m in Regex.Matches(text, "`([^`]+)`"))
            {
                var code = m.Groups[1].Value.Replace("\\|", "|", StringComparison.Ordinal);
                if (Regex.IsMatch(code, @"^[A-Z_][A-Z0-9_]*( [A-Z]+)*$"))
                {
                    // One operator of several words (IS NOT NULL, SIMILAR TO), or a list of one-word ones (AND OR NOT).
                    if (code.StartsWith("IS ", StringComparison.Ordinal) || code == "SIMILAR TO") names.Add(code);
                    else names.AddRange(code.Split(' '));
                }
                else if (Regex.IsMatch(code, @"^[A-Z_][A-Z0-9_]*\("))
                {
                    names.Add(code[..code.IndexOf('(', StringComparison.Ordinal)]); // TRIM(...), FLOOR(ts TO unit)
                }
                else if (Regex.IsMatch(code, @"^[^A-Za-z0-9'$ ]+( [^A-Za-z0-9'$ ]+)*$"))
                {
                    names.AddRange(code.Split(' ')); // + - * / %
                }
            }
        }
        return names.Distinct().ToList();
    }

    [Fact]
    public void EveryDocumentedFunction_HasAnImplementation()
    {
        var documented = DocumentedNames();
        Assert.Contains("UPPER", documented);
        Assert.Contains("IS NOT NULL", documented);
        Assert.Contains("||", documented);
        Assert.Contains("%", documented);
        Assert.Contains("JSON_VALUE", documented);
        Assert.True(documented.Count > 120, $"parsed only {documented.Count} names from docs/functions.md");
        var supported = new HashSet<string>(ExpressionCompiler.SupportedFunctions, StringComparer.OrdinalIgnoreCase);
        var missing = documented.Where(n => !supported.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "no implementation for: " + string.Join(", ", missing));
    }

    [Fact]
    public void NoAggregateOrWindowName_IsParsedAsScalar()
    {
        var documented = DocumentedNames();
        Assert.DoesNotContain("COUNT", documented);
        Assert.DoesNotContain("LISTAGG", documented);
        Assert.DoesNotContain("TUMBLE_START", documented);
    }
}
