namespace Bsql.TestUdfs;

/// <summary>A function whose only Eval takes a type SQL has no counterpart for.</summary>
public sealed class UnsupportedTypes
{
    public string Eval(Guid id) => id.ToString();
}
