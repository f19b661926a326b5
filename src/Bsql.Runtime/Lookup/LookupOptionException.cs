namespace Bsql.Runtime.Lookup;

/// <summary>
/// A connector option of a lookup or key-value sink table that the runtime cannot use (a malformed URL,
/// a key pattern naming an unknown column...). <see cref="Code"/> is a BSQL3xxx diagnostic code.
/// </summary>
public sealed class LookupOptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LookupOptionException(string code, string message) : base($"{code}: {message}") => Code = code;

    /// <summary>The diagnostic code, e.g. <c>BSQL3101</c>.</summary>
    public string Code { get; }
}
