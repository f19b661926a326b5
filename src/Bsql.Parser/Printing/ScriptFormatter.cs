using System.Text;
using Bsql.Parser.Diagnostics;

namespace Bsql.Parser.Printing;

/// <summary>
/// Formats a parsed script for <c>bsql fmt</c>: statements in canonical form (<see cref="SqlPrinter"/>), with the
/// comments written between statements kept verbatim above the statement that follows them (or at the end), and a
/// blank line kept where the author had one. Comments inside a statement are not part of the tree; they are counted
/// in <see cref="FormattedScript.DroppedComments"/> so a caller can refuse to rewrite the file.
/// </summary>
public static class ScriptFormatter
{
    /// <summary>Formats a parse result (which should have no errors).</summary>
    public static FormattedScript Format(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Source.Text;
        var statements = result.Script.Statements;
        var comments = result.Comments;
        var sb = new StringBuilder();
        var dropped = 0;
        var commentIndex = 0;
        var previousEnd = 0;

        void EmitComment(SourceSpan comment)
        {
            if (sb.Length > 0 && HasBlankLine(text, previousEnd, comment.Start))
            {
                sb.Append('\n');
            }

            sb.Append(text.AsSpan(comment.Start, comment.Length).TrimEnd()).Append('\n');
            previousEnd = comment.End;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var hadComment = false;
            while (commentIndex < comments.Count && comments[commentIndex].Start < statement.Span.Start)
            {
                EmitComment(comments[commentIndex++]);
                hadComment = true;
            }

            while (commentIndex < comments.Count && comments[commentIndex].Start < statement.Span.End)
            {
                dropped++;
                commentIndex++;
            }

            if (sb.Length > 0 && (!hadComment || HasBlankLine(text, previousEnd, statement.Span.Start)))
            {
                sb.Append('\n');
            }

            sb.Append(SqlPrinter.Print(statement)).Append(";\n");
            previousEnd = statement.Span.End;
        }

        while (commentIndex < comments.Count)
        {
            EmitComment(comments[commentIndex++]);
        }

        return new FormattedScript(sb.ToString(), dropped);
    }

    /// <summary>True when the text between two offsets holds an empty line (two line breaks, only whitespace and ';' around).</summary>
    private static bool HasBlankLine(string text, int from, int to)
    {
        var newlines = 0;
        for (var i = Math.Max(0, from); i < Math.Min(to, text.Length); i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                if (++newlines >= 2)
                {
                    return true;
                }
            }
            else if (c is not (' ' or '\t' or '\r' or ';'))
            {
                newlines = 0;
            }
        }

        return false;
    }
}
