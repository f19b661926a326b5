using Bsql.Parser.Diagnostics;
using Bsql.Planner.Explain;

namespace Bsql.Planner.Tests;

public class ScratchTests
{
    [Fact]
    public void Scratch()
    {
        var path = Environment.GetEnvironmentVariable("BSQL_SCRATCH");
        if (path is null) return;
        var result = BsqlCompiler.CompileFile(path);
        var text = DiagnosticFormatter.FormatAll(result.Diagnostics) + "\n--- logical\n" + ExplainRenderer.Render(result, ExplainStage.Logical, ExplainFormatKind.Text)
            + "\n--- optimized\n" + ExplainRenderer.Render(result, ExplainStage.Optimized, ExplainFormatKind.Text)
            + "\n--- physical\n" + ExplainRenderer.Render(result, ExplainStage.Physical, ExplainFormatKind.Text);
        File.WriteAllText(path + ".out", text);
    }
}
