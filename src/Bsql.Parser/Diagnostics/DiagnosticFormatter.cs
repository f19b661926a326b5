using System.Text;

namespace Bsql.Parser.Diagnostics;

/// <summary>
/// Renders diagnostics like a modern compiler:
/// <code>
/// job.sql:12:31: error BSQL1004: expected ')', found ';'
///    12 | SELECT count(* FROM t;
///       |                ^
///   = help: ...
/// </code>
/// </summary>
public static class DiagnosticFormatter
{
    /// <summary>The first line only: <c>file:line:col: error CODE: message</c>.</summary>
    public static string FormatHeader(Diagnostic diagnostic, SourceText? source = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        source ??= diagnostic.Source;
        var severity = SeverityText(diagnostic.Severity);
        if (source is null)
        {
            return $"{severity} {diagnostic.Code}: {diagnostic.Message}";
        }

        var pos = source.GetPosition(diagnostic.Span.Start);
        return $"{source.FileName}:{pos.Line}:{pos.Column}: {severity} {diagnostic.Code}: {diagnostic.Message}";
    }

    /// <summary>The full rendering: header, source line, caret under the span, help line. Ends without a newline.</summary>
    public static string Format(Diagnostic diagnostic, SourceText? source = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        source ??= diagnostic.Source;
        var sb = new StringBuilder();
        sb.Append(FormatHeader(diagnostic, source));
        if (source is not null)
        {
            var pos = source.GetPosition(diagnostic.Span.Start);
            var lineText = source.GetLineText(pos.Line);
            var gutter = pos.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var pad = new string(' ', gutter.Length);
            sb.Append('\n').Append(' ').Append(gutter).Append(" | ").Append(ExpandTabs(lineText));
            var startCol = pos.Column - 1;
            var endOnLine = Math.Min(diagnostic.Span.End, source.GetLineStartOffset(pos.Line) + lineText.Length);
            var width = Math.Max(1, endOnLine - diagnostic.Span.Start);
            sb.Append('\n').Append(' ').Append(pad).Append(" | ")
              .Append(new string(' ', VisualColumn(lineText, startCol)))
              .Append('^').Append(new string('~', width - 1));
        }

        if (diagnostic.Help is not null)
        {
            sb.Append("\n  = help: ").Append(diagnostic.Help);
        }

        return sb.ToString();
    }

    /// <summary>Renders every diagnostic, separated by blank lines, ending with a newline.</summary>
    public static string FormatAll(IEnumerable<Diagnostic> diagnostics, SourceText? source = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            sb.Append(Format(d, source)).Append("\n\n");
        }

        return sb.ToString();
    }

    private static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    private static string ExpandTabs(string line) => line.Replace('\t', ' ');

    private static int VisualColumn(string line, int column) => Math.Min(column, line.Length + 1);
}
