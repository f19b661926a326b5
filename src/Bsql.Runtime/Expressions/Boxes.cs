namespace Bsql.Runtime.Expressions;

/// <summary>Shared boxed booleans so boolean results allocate nothing.</summary>
internal static class Boxes
{
    /// <summary>Boxed TRUE.</summary>
    public static readonly object True = true;

    /// <summary>Boxed FALSE.</summary>
    public static readonly object False = false;

    /// <summary>A nullable boolean boxed without allocation.</summary>
    public static object? Bool(bool? value) => value is null ? null : value.GetValueOrDefault() ? True : False;
}
