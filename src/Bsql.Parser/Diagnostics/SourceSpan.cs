namespace Bsql.Parser.Diagnostics;

/// <summary>A range of characters in a <see cref="SourceText"/>, as a start offset and a length.</summary>
/// <param name="Start">Offset of the first character (0-based, in UTF-16 code units).</param>
/// <param name="Length">Number of characters covered; 0 for a point (e.g. a missing token).</param>
public readonly record struct SourceSpan(int Start, int Length)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The span from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public static SourceSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
