using System.Collections.Immutable;
using Bsql.Parser;
using Bsql.Parser.Diagnostics;
using Bsql.Planner.Binding;
using Bsql.Planner.Catalog;
using Bsql.Planner.Jobs;
using Bsql.Planner.Logical;
using Bsql.Planner.Physical;
using Bsql.Planner.Rules;

namespace Bsql.Planner;

/// <summary>
/// The compiler as a library call: a job (SQL script, or JSON job descriptor detected by extension or content) plus
/// catalog files in, diagnostics and every stage's result out. Never throws on user input.
/// </summary>
public static class BsqlCompiler
{
    /// <summary>Compiles the job in <paramref name="path"/>.</summary>
    public static CompilationResult CompileFile(string path, CompileOptions? options = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var d = Diagnostic.Error(PlannerDiagnosticCodes.InvalidDescriptor, default, $"cannot read '{path}': {e.Message}");
            return new CompilationResult([d], null, null, [], [], null);
        }
        return Compile(text, path, options);
    }

    /// <summary>True when the text is a JSON job descriptor rather than SQL (by extension, else by its first character).</summary>
    public static bool IsDescriptor(string text, string? fileName) =>
        fileName is not null && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || (fileName is null || !fileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) && text.TrimStart().StartsWith('{');

    /// <summary>Compiles a job given as text; <paramref name="fileName"/> names it in diagnostics and decides SQL vs JSON.</summary>
    public static CompilationResult Compile(string text, string? fileName = null, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        var diagnostics = new List<Diagnostic>();
        var catalog = options.Catalog?.Clone() ?? new SqlCatalog();
        foreach (var file in options.CatalogFiles)
        {
            diagnostics.AddRange(YamlCatalogLoader.LoadFile(file, catalog));
        }
        var jobName = options.JobName ?? (fileName is null ? "job" : Path.GetFileNameWithoutExtension(fileName));
        string sql;
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        var sqlName = fileName;
        if (IsDescriptor(text, fileName))
        {
            var descriptor = JobDescriptorReader.Read(text, fileName);
            diagnostics.AddRange(descriptor.Diagnostics);
            if (descriptor.Sql is null) return new CompilationResult([.. diagnostics], null, null, [], [], null);
            sql = descriptor.Sql;
            if (descriptor.Name is not null) jobName = descriptor.Name;
            sqlName = (fileName ?? "job.json") + " (as SQL)";
        }
        else
        {
            sql = text;
        }
        var parse = BsqlParser.Parse(sql, sqlName);
        diagnostics.AddRange(parse.Diagnostics);
        if (parse.HasErrors) return new CompilationResult([.. diagnostics], parse, null, [], [], null);
        var baseDirectory = fileName is null ? null : Path.GetDirectoryName(Path.GetFullPath(fileName));
        return CompileScript(parse, catalog, jobName, config, diagnostics, options, baseDirectory);
    }

    private static CompilationResult CompileScript(ParseResult parse, SqlCatalog catalog, string jobName, Dictionary<string, string> config, List<Diagnostic> diagnostics, CompileOptions options, string? baseDirectory)
    {
        var bound = JobBinder.Bind(parse.Script, parse.Source, catalog, jobName, config, options.FunctionResolver, baseDirectory);
        // Binder diagnostics in source order (a select list is bound after its WHERE, but read before it).
        diagnostics.AddRange(bound.Diagnostics.Select((d, i) => (d, i))
            .OrderBy(x => x.d.Source == parse.Source ? 0 : 1).ThenBy(x => x.d.Source == parse.Source ? x.d.Span.Start : x.i).Select(x => x.d));
        if (diagnostics.Any(d => d.IsError))
        {
            return new CompilationResult([.. diagnostics], parse, bound, bound.Sinks, [], null);
        }
        var context = new RuleContext(bound.Config, parse.Source);
        var optimized = bound.Sinks.Select(s => Optimizer.Optimize(s, context)).ToImmutableArray();
        diagnostics.AddRange(context.Diagnostics);
        var plan = PhysicalPlanner.Translate(bound, optimized.OfType<LogicalSink>(), diagnostics, parse.Source);
        if (plan is not null)
        {
            plan = plan with
            {
                Functions = [.. bound.Catalog.Functions.Where(f => !f.Overloads.IsEmpty).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(f => new UserFunctionSpec(f.Name.ToUpperInvariant(), f.ClassName, f.ResolvedAssemblyPath))],
            };
        }
        var ok = !diagnostics.Any(d => d.IsError);
        return new CompilationResult([.. diagnostics], parse, bound, bound.Sinks, optimized, ok ? plan : null);
    }
}
