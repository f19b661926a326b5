using System.Globalization;
using Bsql.Parser.Diagnostics;

namespace Bsql.Parser.Tests;

/// <summary>
/// Table-driven invalid inputs (errors/cases.txt): each asserts the code, line and column of the first
/// diagnostic, and a piece of its message or help.
/// </summary>
public sealed class InvalidInputTests
{
    public sealed record Case(int Number, string Code, int Line, int Column, string? Text, string Input)
    {
        public override string ToString() => $"#{Number} {Code} {Line}:{Column}";
    }

    private static readonly Lazy<Case[]> AllCases = new(Load);

    private static Case[] Load()
    {
        var lines = File.ReadAllLines(Path.Combine(TestSupport.RepoRoot, "tests", "Bsql.Parser.Tests", "errors", "cases.txt"));
        var cases = new List<Case>();
        string? header = null;
        var body = new List<string>();
        void Flush()
        {
            if (header is null)
            {
                return;
            }

            var bar = header.IndexOf('|', StringComparison.Ordinal);
            var head = (bar < 0 ? header : header[..bar]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var position = head[1].Split(':');
            cases.Add(new Case(cases.Count + 1, head[0], int.Parse(position[0], CultureInfo.InvariantCulture),
                int.Parse(position[1], CultureInfo.InvariantCulture), bar < 0 ? null : header[(bar + 1)..].Trim(), string.Join('\n', body)));
            body.Clear();
        }

        foreach (var line in lines)
        {
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                Flush();
                header = line[3..].Trim();
            }
            else if (header is not null)
            {
                body.Add(line);
            }
        }

        Flush();
        return [.. cases];
    }

    public static TheoryData<int> CaseNumbers()
    {
        var data = new TheoryData<int>();
        foreach (var c in AllCases.Value)
        {
            data.Add(c.Number);
        }

        return data;
    }

    [Fact]
    public void CaseFile_HasAtLeast80Cases() => Assert.True(AllCases.Value.Length >= 80, $"only {AllCases.Value.Length} cases");

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void InvalidInput_ReportsExpectedFirstDiagnostic(int number)
    {
        var c = AllCases.Value[number - 1];
        var result = c.Code == DiagnosticCodes.EmptyInput && c.Input.Length == 0
            ? ToScriptResult(BsqlParser.ParseExpression(c.Input))
            : BsqlParser.Parse(c.Input, "case.sql");
        Assert.True(result.Diagnostics.Count > 0, $"case {c}: no diagnostic for\n{c.Input}");
        var first = result.Diagnostics[0];
        var position = result.Source.GetPosition(first.Span.Start);
        var actual = $"{first.Code} {position.Line}:{position.Column} | {first.Message} | help: {first.Help}";
        var ok = first.Code == c.Code && position.Line == c.Line && position.Column == c.Column &&
            (c.Text is null || first.Message.Contains(c.Text, StringComparison.Ordinal) || (first.Help ?? string.Empty).Contains(c.Text, StringComparison.Ordinal));
        Assert.True(ok, $"case {c} ({c.Text})\ninput: {c.Input}\nactual: {actual}\n{DiagnosticFormatter.FormatAll(result.Diagnostics)}");
        Assert.Equal(DiagnosticSeverity.Error, first.Severity);
    }

    private static ParseResult ToScriptResult(ParseResult<Bsql.Parser.Syntax.Expr> result) =>
        new(new Bsql.Parser.Syntax.Script(default, default), result.Diagnostics, result.Source);
}
