namespace Bsql.Runtime.Expressions;

/// <summary>
/// A bound expression the runtime cannot compile (an unknown function, an unsupported cast). Always an
/// internal error: the binder should have rejected the expression with a diagnostic.
/// </summary>
public sealed class ExpressionCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionCompilationException(string message) : base(message) { }
}
