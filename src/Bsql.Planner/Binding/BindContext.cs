using Bsql.Parser.Diagnostics;
using Bsql.Planner.Catalog;
using Bsql.Planner.Logical;

namespace Bsql.Planner.Binding;

/// <summary>State shared while binding one job: the catalog, the diagnostics and the text being bound.</summary>
internal sealed class BindContext(SqlCatalog catalog, SourceText source)
{
    private int _muted;

    public SqlCatalog Catalog { get; } = catalog;

    public List<Diagnostic> Diagnostics { get; } = [];

    public SourceText Source { get; private set; } = source;

    /// <summary>Resolves <c>CREATE FUNCTION</c> implementations; null leaves functions unresolved (every call an error).</summary>
    public Functions.IUserFunctionResolver? FunctionResolver { get; init; }

    /// <summary>The folder relative <c>USING ASSEMBLY</c> paths are read from (the job file's folder).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Scans already built, so that every reference to a table shares one source.</summary>
    public Dictionary<string, LogicalScan> Scans { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tables whose options were validated already.</summary>
    public HashSet<CatalogTable> ValidatedTables { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Views being expanded (cycle detection).</summary>
    public Stack<string> ViewStack { get; } = new();

    /// <summary>Common table expressions in scope, innermost last.</summary>
    public List<Dictionary<string, Parser.Syntax.CommonTableExpr>> Ctes { get; } = [];

    public bool IsMuted => _muted > 0;

    public void Report(string code, SourceSpan span, string message, string? help = null)
    {
        if (_muted > 0) return;
        Diagnostics.Add(Diagnostic.Error(code, span, message, help, Source));
    }

    public void Warn(string code, SourceSpan span, string message, string? help = null)
    {
        if (_muted > 0) return;
        Diagnostics.Add(Diagnostic.Warning(code, span, message, help, Source));
    }

    public void Add(Diagnostic diagnostic)
    {
        if (_muted == 0) Diagnostics.Add(diagnostic);
    }

    /// <summary>Runs <paramref name="action"/> with diagnostics discarded (speculative binding).</summary>
    public T Muted<T>(Func<T> action)
    {
        _muted++;
        try { return action(); }
        finally { _muted--; }
    }

    /// <summary>Runs <paramref name="action"/> reporting against another text (a view or catalog file).</summary>
    public T WithSource<T>(SourceText? source, Func<T> action)
    {
        if (source is null) return action();
        var saved = Source;
        Source = source;
        try { return action(); }
        finally { Source = saved; }
    }
}
