using Bsql.Parser.Diagnostics;

namespace Bsql.Parser.Syntax;

/// <summary>
/// The source span of a syntax node. Two node spans always compare equal, so record equality of syntax
/// nodes is structural and ignores where the nodes came from: a tree parsed from reformatted SQL equals
/// the original. Use <see cref="Start"/>/<see cref="Length"/> (or convert to <see cref="SourceSpan"/>) to read it.
/// </summary>
public readonly struct NodeSpan : IEquatable<NodeSpan>
{
    /// <summary>Creates a span.</summary>
    public NodeSpan(int start, int length)
    {
        Start = start;
        Length = length;
    }

    /// <summary>Offset of the first character.</summary>
    public int Start { get; }

    /// <summary>Number of characters.</summary>
    public int Length { get; }

    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The span from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public static NodeSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    /// <summary>The same range as a diagnostic span.</summary>
    public static implicit operator SourceSpan(NodeSpan span) => new(span.Start, span.Length);

    /// <summary>The same range as a node span.</summary>
    public static implicit operator NodeSpan(SourceSpan span) => new(span.Start, span.Length);

    /// <summary>Always true: spans never take part in syntax tree equality.</summary>
    public static bool operator ==(NodeSpan left, NodeSpan right) => true;

    /// <summary>Always false: spans never take part in syntax tree equality.</summary>
    public static bool operator !=(NodeSpan left, NodeSpan right) => false;

    /// <summary>The same range as a diagnostic span.</summary>
    public SourceSpan ToSourceSpan() => new(Start, Length);

    /// <summary>Always true: spans never take part in syntax tree equality.</summary>
    public bool Equals(NodeSpan other) => true;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeSpan;

    /// <inheritdoc />
    public override int GetHashCode() => 0;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
