namespace Bsql.Parser.Syntax;

/// <summary>
/// An identifier as written, case preserved, without back quotes (<c>`a``b`</c> holds <c>a`b</c>).
/// Names are matched case-insensitively by the binder; equality here is exact (ordinal).
/// </summary>
/// <param name="Value">The name.</param>
/// <param name="Span">Where it was written.</param>
public sealed record Identifier(string Value, NodeSpan Span) : SyntaxNode(Span)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A dotted multi-part name: <c>catalog.db.table</c>, <c>dw.samples</c>, <c>my_func</c>.</summary>
/// <param name="Parts">The parts, at least one.</param>
/// <param name="Span">Where it was written.</param>
public sealed record QualifiedName(EquatableArray<Identifier> Parts, NodeSpan Span) : SyntaxNode(Span)
{
    /// <summary>The last part (the object's own name).</summary>
    public Identifier Last => Parts[Parts.Count - 1];

    /// <inheritdoc />
    public override string ToString() => string.Join('.', Parts.AsSpan().ToArray().Select(p => p.Value));
}

/// <summary>A <c>'key' = 'value'</c> pair of a WITH clause, a hint or SET. Values may hold <c>${env:NAME}</c>.</summary>
/// <param name="Key">The key, unquoted.</param>
/// <param name="Value">The value, unquoted.</param>
/// <param name="KeySpan">Where the key literal was written.</param>
/// <param name="ValueSpan">Where the value literal was written.</param>
/// <param name="Span">The whole pair.</param>
public sealed record OptionPair(string Key, string Value, NodeSpan KeySpan, NodeSpan ValueSpan, NodeSpan Span) : SyntaxNode(Span);

/// <summary>
/// A hint: <c>/*+ OPTIONS('k'='v') */</c> (key/value form) or <c>/*+ BROADCAST(t1, t2) */</c> (name list form),
/// or a bare <c>/*+ NAME */</c>.
/// </summary>
/// <param name="Name">The hint name.</param>
/// <param name="Options">Key/value arguments (empty in the name list form).</param>
/// <param name="Names">Identifier arguments (empty in the key/value form).</param>
/// <param name="Span">Where it was written.</param>
public sealed record Hint(Identifier Name, EquatableArray<OptionPair> Options, EquatableArray<Identifier> Names, NodeSpan Span)
    : SyntaxNode(Span);

/// <summary>
/// A duration taken by the BSQL extensions: <c>INTERVAL '1' HOUR</c> or the short form <c>1h</c>
/// (<c>ms s m h d</c>).
/// </summary>
/// <param name="Milliseconds">The length.</param>
/// <param name="Text">The canonical written form, printed back as is: <c>1h</c> or <c>INTERVAL '1' HOUR</c>.</param>
/// <param name="Span">Where it was written.</param>
public sealed record Duration(long Milliseconds, string Text, NodeSpan Span) : SyntaxNode(Span)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
