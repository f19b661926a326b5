namespace Bsql.TestUdfs;

/// <summary>Trims and lower-cases a string; NULL stays NULL.</summary>
public sealed class Normalize
{
    public string? Eval(string? text) => text?.Trim().ToLowerInvariant();
}
