namespace Bsql.Parser.Diagnostics;

/// <summary>
/// One message about the user's input: a stable code (<c>BSQL1xxx</c> syntax, <c>BSQL2xxx</c> binding and
/// planning, <c>BSQL3xxx</c> connector options, <c>BSQL4xxx</c> runtime), a severity, where it is, what is
/// wrong and, when possible, how to fix it. The span is a field, never part of the message text.
/// </summary>
/// <param name="Code">Stable code such as <c>BSQL1004</c>; a retired code is never reused.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Span">Where in <see cref="Source"/> (or the text the diagnostic was reported against) it applies.</param>
/// <param name="Message">What is wrong, e.g. <c>expected ')', found ';'</c>.</param>
/// <param name="Help">How to fix it, or null when there is no useful hint.</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, SourceSpan Span, string Message, string? Help = null)
{
    /// <summary>The text the span refers to, when known (diagnostics can come from several files: a job and its catalog).</summary>
    public SourceText? Source { get; init; }

    /// <summary>True when <see cref="Severity"/> is <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Creates an error diagnostic.</summary>
    public static Diagnostic Error(string code, SourceSpan span, string message, string? help = null, SourceText? source = null) =>
        new(code, DiagnosticSeverity.Error, span, message, help) { Source = source };

    /// <summary>Creates a warning diagnostic.</summary>
    public static Diagnostic Warning(string code, SourceSpan span, string message, string? help = null, SourceText? source = null) =>
        new(code, DiagnosticSeverity.Warning, span, message, help) { Source = source };

    /// <summary>The 1-based line and column of the start of the span, when <see cref="Source"/> is known.</summary>
    public LinePosition? Position => Source?.GetPosition(Span.Start);

    /// <inheritdoc />
    public override string ToString() => DiagnosticFormatter.FormatHeader(this, Source);
}
