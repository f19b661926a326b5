namespace Bsql.Parser.Parsing;

/// <summary>Binding strength of expression operators, loosest first (shared by the parser and the printer).</summary>
internal static class Precedence
{
    public const int Lowest = 1;
    public const int Or = 1;
    public const int And = 2;
    public const int Not = 3;
    public const int Comparison = 4; // = <> < <= > >= IS IN BETWEEN LIKE (left-associative)
    public const int Concat = 5;
    public const int Additive = 6;
    public const int Multiplicative = 7;
    public const int Unary = 8;
    public const int Postfix = 9;     // a[i], a.f
    public const int Primary = 10;
}
