using System.Collections.Immutable;
using Bsql.Parser.Diagnostics;
using Bsql.Planner;
using Bsql.Planner.Physical;
using Bsql.Planner.Serialization;

namespace Bsql.Cli.Jobs;

/// <summary>
/// Turns the file given to <c>bsql run</c> / <c>bsql debug</c> into a runnable plan: a SQL script or a
/// JSON job descriptor is compiled; a compiled <c>plan.json</c> (a JSON object with a
/// <c>formatVersion</c>) is read as it is.
/// </summary>
public static class JobLoader
{
    /// <summary>Loads <paramref name="path"/>; returns null after printing diagnostics when it is not a valid job.</summary>
    public static LoadedJob? Load(string path, IReadOnlyList<string> catalogFiles, TextWriter errors)
    {
        if (!File.Exists(path))
        {
            errors.WriteLine($"{path}: error: file not found");
            return null;
        }
        var fullPath = Path.GetFullPath(path);
        var baseDirectory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        var text = File.ReadAllText(fullPath);
        PhysicalPlan? plan;
        if (IsCompiledPlan(text))
        {
            try
            {
                plan = PlanSerializer.Deserialize(text);
            }
            catch (Exception e) when (e is PlanFormatException or System.Text.Json.JsonException)
            {
                errors.WriteLine($"{path}: error: {e.Message}");
                return null;
            }
        }
        else
        {
            var result = BsqlCompiler.Compile(text, path, new CompileOptions { CatalogFiles = catalogFiles });
            if (result.Diagnostics.Length > 0)
            {
                errors.Write(DiagnosticFormatter.FormatAll(result.Diagnostics, result.Parse?.Source));
            }
            plan = result.Plan;
            if (plan is null) return null;
        }
        return new LoadedJob(ResolveRelativePaths(plan, baseDirectory), baseDirectory);
    }

    /// <summary>True when <paramref name="text"/> is a compiled plan rather than a job descriptor.</summary>
    public static bool IsCompiledPlan(string text)
    {
        var start = text.TrimStart();
        return start.StartsWith('{') && text.Contains("\"formatVersion\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Relative <c>path</c> options of <c>filesystem</c> tables resolve against the job's folder, so
    /// a job and its data can be moved together and run from anywhere.
    /// </summary>
    public static PhysicalPlan ResolveRelativePaths(PhysicalPlan plan, string baseDirectory)
    {
        var operators = plan.Operators.Select(op => op.Spec switch
        {
            SourceSpec source when Resolve(source.Connector, baseDirectory) is { } c => op with { Spec = source with { Connector = c } },
            SinkSpec sink when Resolve(sink.Connector, baseDirectory) is { } c => op with { Spec = sink with { Connector = c } },
            _ => op,
        }).ToImmutableArray();
        return plan with { Operators = operators };
    }

    private static ConnectorSpec? Resolve(ConnectorSpec connector, string baseDirectory)
    {
        if (!string.Equals(connector.Connector, "filesystem", StringComparison.OrdinalIgnoreCase)) return null;
        if (connector.Get("path") is not { } path || Path.IsPathRooted(path) || path.Contains("${", StringComparison.Ordinal)) return null;
        return connector with { Options = connector.Options.SetItem("path", Path.GetFullPath(Path.Combine(baseDirectory, path))) };
    }
}
