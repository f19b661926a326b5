using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Tests;

/// <summary>
/// Pins the exact events of the default configuration (seed, base time, rate). Golden query results
/// downstream depend on them, so a change to the generator's draw order must be deliberate: rerun
/// with <c>BSQL_UPDATE_GOLDEN=1</c> to rewrite NexmarkGolden.txt and say why in the commit.
/// </summary>
public sealed class NexmarkGoldenTests
{
    [Fact]
    public void DefaultConfiguration_ProducesTheGoldenEvents()
    {
        var generator = new NexmarkGenerator(new NexmarkConfig { EventsNum = 120 });
        var text = new StringBuilder();
        while (generator.HasNext)
        {
            var id = generator.NextEventId;
            var row = generator.Next();
            text.Append(id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Render(row)).Append('\n');
        }
        var path = Path.Combine(SourceDirectory(), "NexmarkGolden.txt");
        if (Environment.GetEnvironmentVariable("BSQL_UPDATE_GOLDEN") == "1") File.WriteAllText(path, text.ToString());
        Assert.Equal(File.ReadAllText(path), text.ToString());
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        object?[] row => "[" + string.Join(", ", row.Select(Render)) + "]",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        string s => s.Length > 24 ? s[..24] + "...(" + s.Length.ToString(CultureInfo.InvariantCulture) + ")" : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
