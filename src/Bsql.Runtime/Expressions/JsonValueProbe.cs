namespace Bsql.Runtime.Expressions;

/// <summary>The outcome of looking a JSON path up for <c>JSON_VALUE</c>: a status and, when found, the scalar's text.</summary>
/// <param name="Status">One of the constants below.</param>
/// <param name="Text">The scalar as text when <see cref="Status"/> is <see cref="Found"/>.</param>
internal readonly record struct JsonValueProbe(int Status, string? Text)
{
    /// <summary>A NULL JSON or path argument: the result is NULL.</summary>
    public const int IsNull = 0;

    /// <summary>A scalar was found.</summary>
    public const int Found = 1;

    /// <summary>Nothing at the path, or JSON null: the ON EMPTY behaviour applies.</summary>
    public const int Empty = 2;

    /// <summary>Invalid JSON or a non-scalar at the path: the ON ERROR behaviour applies.</summary>
    public const int Failed = 3;
}
