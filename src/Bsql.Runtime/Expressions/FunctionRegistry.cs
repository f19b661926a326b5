using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Bsql.Runtime.Expressions;

/// <summary>Canonical function and operator name (docs/functions.md) → how to compile a call of it.</summary>
internal static partial class FunctionRegistry
{
    private static readonly Dictionary<string, FunctionCompiler> Functions = Build();

    /// <summary>Every canonical name with an implementation.</summary>
    public static IReadOnlyCollection<string> Names => Functions.Keys;

    /// <summary>The compiler of <paramref name="name"/> (case-insensitive).</summary>
    public static bool TryGet(string name, [MaybeNullWhen(false)] out FunctionCompiler compiler) => Functions.TryGetValue(name, out compiler);

    private static Dictionary<string, FunctionCompiler> Build()
    {
        var f = new Dictionary<string, FunctionCompiler>(StringComparer.OrdinalIgnoreCase)
        {
            ["+"] = (e, c) => e.EmitArithmetic(c, ExpressionType.Add),
            ["-"] = (e, c) => e.EmitArithmetic(c, ExpressionType.Subtract),
            ["*"] = (e, c) => e.EmitArithmetic(c, ExpressionType.Multiply),
            ["/"] = (e, c) => e.EmitArithmetic(c, ExpressionType.Divide),
            ["%"] = (e, c) => e.EmitArithmetic(c, ExpressionType.Modulo),
            ["NEGATE"] = (e, c) => e.EmitNegate(c),
            ["="] = (e, c) => e.EmitComparison(c, ExpressionType.Equal),
            ["<>"] = (e, c) => e.EmitComparison(c, ExpressionType.NotEqual),
            ["<"] = (e, c) => e.EmitComparison(c, ExpressionType.LessThan),
            ["<="] = (e, c) => e.EmitComparison(c, ExpressionType.LessThanOrEqual),
            [">"] = (e, c) => e.EmitComparison(c, ExpressionType.GreaterThan),
            [">="] = (e, c) => e.EmitComparison(c, ExpressionType.GreaterThanOrEqual),
            ["AND"] = (e, c) => e.EmitAnd(c),
            ["OR"] = (e, c) => e.EmitOr(c),
            ["NOT"] = (e, c) => e.EmitNot(c),
            ["IS NULL"] = (e, c) => e.EmitIsNull(c, isNull: true),
            ["IS NOT NULL"] = (e, c) => e.EmitIsNull(c, isNull: false),
            ["IS TRUE"] = (e, c) => Lift.IsTrue(e.Emit(c.Args[0])),
            ["IS FALSE"] = (e, c) => Lift.IsFalse(e.Emit(c.Args[0])),
            ["IS NOT TRUE"] = (e, c) => Expression.Not(Lift.IsTrue(e.Emit(c.Args[0]))),
            ["IS NOT FALSE"] = (e, c) => Expression.Not(Lift.IsFalse(e.Emit(c.Args[0]))),
            ["IS DISTINCT FROM"] = (e, c) => e.EmitDistinct(c, distinct: true),
            ["IS NOT DISTINCT FROM"] = (e, c) => e.EmitDistinct(c, distinct: false),
            ["LIKE"] = (e, c) => e.EmitLike(c),
            ["SIMILAR TO"] = (e, c) => e.EmitSimilar(c),
            ["IN"] = (e, c) => e.EmitIn(c),
            ["||"] = (e, c) => e.EmitConcat(c),
            ["ITEM"] = (e, c) => e.EmitItem(c),
            ["ARRAY"] = (e, c) => e.EmitArrayOrRow(c),
            ["ROW"] = (e, c) => e.EmitArrayOrRow(c),
            ["MAP"] = (e, c) => e.EmitMap(c),
        };
        RegisterFunctions(f);
        return f;
    }

    /// <summary>Registers <paramref name="name"/> as a NULL-propagating call of <paramref name="type"/>.<paramref name="method"/>.</summary>
    private static void Strict(Dictionary<string, FunctionCompiler> f, string name, Type type, string method) =>
        f[name] = (e, c) => e.EmitStrictCall(c, type, method);

    static partial void RegisterFunctions(Dictionary<string, FunctionCompiler> f);
}
