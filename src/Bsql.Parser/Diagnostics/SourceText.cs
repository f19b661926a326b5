namespace Bsql.Parser.Diagnostics;

/// <summary>
/// The text of one input (a job file, a catalog entry, a JSON descriptor's statement) with its file name,
/// mapping offsets to 1-based line and column. Lines end at <c>\n</c>; a preceding <c>\r</c> is not part of the line.
/// </summary>
public sealed class SourceText
{
    private int[]? _lineStarts;

    /// <summary>Creates a source text.</summary>
    /// <param name="text">The full text.</param>
    /// <param name="fileName">Name shown in rendered diagnostics; <c>&lt;input&gt;</c> when null.</param>
    public SourceText(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        FileName = fileName ?? "<input>";
    }

    /// <summary>The name shown in rendered diagnostics.</summary>
    public string FileName { get; }

    /// <summary>The full text.</summary>
    public string Text { get; }

    /// <summary>Number of lines (an empty text has one empty line).</summary>
    public int LineCount => LineStarts.Length;

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    /// <summary>The 1-based line and column of an offset; offsets past the end map to the end.</summary>
    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var starts = LineStarts;
        var index = Array.BinarySearch(starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new LinePosition(index + 1, offset - starts[index] + 1);
    }

    /// <summary>The text of a 1-based line, without its line terminator.</summary>
    public string GetLineText(int line)
    {
        var starts = LineStarts;
        if (line < 1 || line > starts.Length)
        {
            return string.Empty;
        }

        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] - 1 : Text.Length;
        if (end > start && Text[end - 1] == '\r')
        {
            end--;
        }

        return Text[start..Math.Max(start, end)];
    }

    /// <summary>The offset at which a 1-based line starts.</summary>
    public int GetLineStartOffset(int line)
    {
        var starts = LineStarts;
        return starts[Math.Clamp(line, 1, starts.Length) - 1];
    }

    /// <summary>The text covered by a span (clamped to the text).</summary>
    public string GetText(SourceSpan span)
    {
        var start = Math.Clamp(span.Start, 0, Text.Length);
        var end = Math.Clamp(span.End, start, Text.Length);
        return Text[start..end];
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
