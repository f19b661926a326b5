namespace Bsql.Runtime.Expressions;

/// <summary>
/// A row made an expression fail at run time (integer division by zero, a string that does not CAST,
/// an invalid JSON path...). The message names the operation and the offending value.
/// </summary>
public sealed class ExpressionEvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionEvaluationException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ExpressionEvaluationException(string message, Exception inner) : base(message, inner) { }
}
