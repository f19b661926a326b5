namespace Bsql.Planner.Tests;

/// <summary>The compiler never throws on user input: every parser corpus job, whole and cut into pieces, gives a result.</summary>
public class RobustnessTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        var corpus = Path.Combine(RepoPaths.Root, "tests", "Bsql.Parser.Tests", "corpus");
        if (!Directory.Exists(corpus)) return data;
        foreach (var file in Directory.EnumerateFiles(corpus, "*.sql").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Compile_NeverThrows_OnTheParserCorpus(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Bsql.Parser.Tests", "corpus", file));
        var whole = BsqlCompiler.Compile(text, file);
        Assert.True(whole.Success || whole.Diagnostics.Any(d => d.IsError));
        // Each statement alone (most lose their DDL and must fail cleanly), and every prefix cut at a statement end.
        var statements = text.Split(';');
        for (var i = 0; i < statements.Length; i++)
        {
            _ = BsqlCompiler.Compile(statements[i] + ";", file);
            _ = BsqlCompiler.Compile(string.Join(';', statements.Take(i + 1)) + ";", file);
        }
    }

    [Fact]
    public void Compile_NeverThrows_OnMutatedNexmarkJobs()
    {
        var job = RepoPaths.NexmarkJob("q5");
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var chars = job.ToCharArray();
            for (var k = 0; k < 3; k++) chars[random.Next(chars.Length)] = " ,()'a1*;=."[random.Next(11)];
            var result = BsqlCompiler.Compile(new string(chars), "mutated.sql");
            Assert.True(result.Success || result.Diagnostics.Any(d => d.IsError));
        }
    }
}
