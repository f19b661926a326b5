namespace Bsql.Parser.Diagnostics;

/// <summary>A growing list of diagnostics reported against one <see cref="SourceText"/>.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>Creates a bag whose diagnostics are attached to <paramref name="source"/> (may be null).</summary>
    public DiagnosticBag(SourceText? source = null) => Source = source;

    /// <summary>The text reported diagnostics refer to.</summary>
    public SourceText? Source { get; }

    /// <summary>The diagnostics reported so far, in order.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>Number of diagnostics reported so far.</summary>
    public int Count => _items.Count;

    /// <summary>True when at least one error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.IsError);

    /// <summary>Adds a diagnostic, attaching <see cref="Source"/> when it has none.</summary>
    public void Add(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        _items.Add(diagnostic.Source is null && Source is not null ? diagnostic with { Source = Source } : diagnostic);
    }

    /// <summary>Adds several diagnostics.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var d in diagnostics)
        {
            Add(d);
        }
    }

    /// <summary>Reports an error.</summary>
    public void ReportError(string code, SourceSpan span, string message, string? help = null) =>
        _items.Add(Diagnostic.Error(code, span, message, help, Source));

    /// <summary>Reports a warning.</summary>
    public void ReportWarning(string code, SourceSpan span, string message, string? help = null) =>
        _items.Add(Diagnostic.Warning(code, span, message, help, Source));

    /// <summary>A snapshot of the diagnostics as an array.</summary>
    public Diagnostic[] ToArray() => [.. _items];
}
