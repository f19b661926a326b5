namespace Bsql.Runtime.Execution;

/// <summary>
/// A job failed because of the user's input (a bad option value, a missing file, an undecodable record
/// under the fail policy): carries a stable <c>BSQL4xxx</c> code and a message meant for the user,
/// shown without a stack trace. Internal bugs surface as other exception types.
/// </summary>
public sealed class BsqlRuntimeException : Exception
{
    /// <summary>An error with code <paramref name="code"/> (e.g. <c>BSQL4001</c>).</summary>
    public BsqlRuntimeException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The diagnostic code, <c>BSQL4xxx</c>.</summary>
    public string Code { get; }

    /// <summary><c>error BSQL4001: message</c>.</summary>
    public override string ToString() => $"error {Code}: {Message}";
}
