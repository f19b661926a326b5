namespace Bsql.Parser.Syntax;

/// <summary>
/// Base of every syntax tree node. Nodes are immutable records; equality is structural and ignores
/// <see cref="Span"/> (see <see cref="NodeSpan"/>).
/// </summary>
/// <param name="Span">Where the node was written.</param>
public abstract record SyntaxNode(NodeSpan Span);
