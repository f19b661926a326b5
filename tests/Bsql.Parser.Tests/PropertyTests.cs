using System.Diagnostics;
using Bsql.Parser.Diagnostics;
using Bsql.Parser.Lexing;
using Bsql.Parser.Printing;

namespace Bsql.Parser.Tests;

/// <summary>
/// Random and mutated inputs (fixed seeds, tens of thousands in total): the parser never throws, always
/// terminates, reports a diagnostic when the input is certainly invalid, and any input it accepts without
/// diagnostics prints and re-parses to an equal tree.
/// </summary>
public sealed class PropertyTests
{
    private static readonly string[] Vocabulary =
    [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "UNION", "ALL", "DISTINCT", "AS", "ON", "JOIN",
        "LEFT", "RIGHT", "FULL", "CROSS", "INNER", "OUTER", "AND", "OR", "NOT", "NULL", "TRUE", "FALSE", "IS", "IN", "BETWEEN",
        "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "TRY_CAST", "INSERT", "INTO", "CREATE", "TABLE", "VIEW",
        "FUNCTION", "WITH", "SET", "VALUES", "EXISTS", "INTERVAL", "FOR", "SYSTEM_TIME", "OF", "WATERMARK", "PRIMARY", "KEY",
        "ENFORCED", "COMMENT", "EXPLAIN", "PLAN", "WINDOW", "DELAY", "GLOBAL", "DESCRIPTOR", "TUMBLE", "HOP", "OVER",
        "PARTITION", "ROWS", "ROW", "ARRAY", "MAP", "INT", "BIGINT", "STRING", "DECIMAL", "TIMESTAMP", "DATE", "HOUR",
        "MINUTE", "SECOND", "TO", "a", "b", "t", "u", "x", "`q id`", "`", "'s'", "'it''s'", "'", "1", "42", "3.5", "1e3",
        "1h", "10m", "0s", "1x", "(", ")", "[", "]", ",", ";", ".", "*", "+", "-", "/", "%", "||", "=", "<>", "!=", "<",
        "<=", ">", ">=", "=>", "/*+", "*/", "/*", "--", "\n", "#", "$", "\"", "PROCTIME()", "COUNT(*)",
    ];

    private static string[] CorpusStatements()
    {
        var list = new List<string>();
        foreach (var file in Directory.GetFiles(TestSupport.CorpusDirectory, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            var result = BsqlParser.Parse(File.ReadAllText(file));
            list.AddRange(result.Script.Statements.Select(s => result.Source.GetText(s.Span)));
        }

        foreach (var file in Directory.GetFiles(TestSupport.NexmarkDirectory, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            var result = BsqlParser.Parse(TestSupport.SubstituteNexmark(File.ReadAllText(file)));
            list.AddRange(result.Script.Statements.Select(s => result.Source.GetText(s.Span)));
        }

        return [.. list];
    }

    /// <summary>Parses one input and checks the invariants; returns whether it had diagnostics.</summary>
    private static bool CheckInvariants(string input)
    {
        ParseResult result;
        try
        {
            result = BsqlParser.Parse(input, "fuzz.sql");
        }
        catch (Exception ex)
        {
            Assert.Fail($"parser threw {ex.GetType().Name} for input:\n{input}\n{ex}");
            throw;
        }

        foreach (var d in result.Diagnostics)
        {
            Assert.InRange(d.Span.Start, 0, input.Length);
            Assert.InRange(d.Span.End, d.Span.Start, input.Length);
            Assert.StartsWith("BSQL1", d.Code, StringComparison.Ordinal);
            _ = DiagnosticFormatter.Format(d);
        }

        if (result.Diagnostics.Count > 0)
        {
            return true;
        }

        var printed = SqlPrinter.Print(result.Script);
        var again = BsqlParser.Parse(printed);
        Assert.True(again.Diagnostics.Count == 0,
            $"accepted input prints to text that does not parse:\ninput: {input}\nprinted: {printed}\n{DiagnosticFormatter.FormatAll(again.Diagnostics)}");
        TestSupport.AssertTreesEqual(result.Script, again.Script, $"input: {input}\nprinted: {printed}");
        Assert.Equal(printed, SqlPrinter.Print(again.Script));
        return false;
    }

    private static void RunWithTimeout(Action action, int seconds)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, 16 * 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(seconds)), $"did not terminate within {seconds} s");
        if (failure is not null)
        {
            throw new InvalidOperationException("property failed", failure);
        }
    }

    [Fact]
    public void RandomTokenSoup_NeverThrows_AndAcceptedInputRoundTrips()
    {
        RunWithTimeout(() =>
        {
            var random = new Random(20261122);
            var accepted = 0;
            for (var i = 0; i < 15_000; i++)
            {
                var count = random.Next(1, 40);
                var parts = new string[count];
                for (var j = 0; j < count; j++)
                {
                    parts[j] = Vocabulary[random.Next(Vocabulary.Length)];
                }

                accepted += CheckInvariants(string.Join(random.Next(4) == 0 ? "" : " ", parts)) ? 0 : 1;
            }

            Assert.InRange(accepted, 1, 14_000);
        }, 120);
    }

    [Fact]
    public void RandomCharacters_NeverThrow()
    {
        const string alphabet = "SELECTFROMWHERabcxyz_0123456789 \n\t'`\"()[],;.*+-/%|=<>!$#{}:/*+-?\\\u00e9\u4e2d\ud83d";
        RunWithTimeout(() =>
        {
            var random = new Random(42);
            for (var i = 0; i < 10_000; i++)
            {
                var chars = new char[random.Next(0, 80)];
                for (var j = 0; j < chars.Length; j++)
                {
                    chars[j] = alphabet[random.Next(alphabet.Length)];
                }

                CheckInvariants(new string(chars));
            }
        }, 120);
    }

    [Fact]
    public void MutatedCorpusStatements_NeverThrow_AndAcceptedMutantsRoundTrip()
    {
        var statements = CorpusStatements();
        RunWithTimeout(() =>
        {
            var random = new Random(7);
            var accepted = 0;
            for (var i = 0; i < 20_000; i++)
            {
                var source = statements[random.Next(statements.Length)];
                accepted += CheckInvariants(Mutate(source, random)) ? 0 : 1;
            }

            // Enough mutants stay valid for the round-trip branch to be exercised, and enough become invalid.
            Assert.InRange(accepted, 1000, 19_000);
        }, 180);
    }

    [Fact]
    public void CorpusStatementWithAnUnbalancedParenthesis_AlwaysReportsADiagnostic()
    {
        var statements = CorpusStatements();
        var random = new Random(99);
        var checkedCount = 0;
        foreach (var statement in statements)
        {
            var tokens = Lexer.Tokenize(statement, new DiagnosticBag());
            for (var k = 0; k < 10; k++)
            {
                // Insert "(" at a token boundary (never inside a string, identifier or comment): every valid
                // statement has balanced parentheses, so the result is certainly invalid.
                var at = tokens[random.Next(tokens.Length)].Start;
                var mutant = statement[..at] + " ( " + statement[at..];
                Assert.True(CheckInvariants(mutant), $"no diagnostic for invalid input:\n{mutant}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 2000);
    }

    [Fact]
    public void TruncatedStatements_NeverThrow()
    {
        var statements = CorpusStatements();
        var checkedCount = 0;
        foreach (var statement in statements)
        {
            for (var cut = 0; cut < statement.Length; cut += Math.Max(1, statement.Length / 25))
            {
                CheckInvariants(statement[..cut]);
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= statements.Length);
    }

    private static string Mutate(string source, Random random)
    {
        var text = source;
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            if (text.Length == 0)
            {
                return Vocabulary[random.Next(Vocabulary.Length)];
            }

            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0: // delete a range
                    text = text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8)));
                    break;
                case 1: // insert a vocabulary token
                    text = text.Insert(at, " " + Vocabulary[random.Next(Vocabulary.Length)] + " ");
                    break;
                case 2: // duplicate a range
                    var length = Math.Min(text.Length - at, random.Next(1, 20));
                    text = text.Insert(at, text.Substring(at, length));
                    break;
                case 3: // replace one character
                    text = text.Remove(at, 1).Insert(at, "()[],;.'`*=<>-x1 "[random.Next(17)].ToString());
                    break;
                case 4: // truncate
                    text = text[..at];
                    break;
                default: // swap two halves
                    text = text[at..] + " " + text[..at];
                    break;
            }
        }

        return text;
    }
}
