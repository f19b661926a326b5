using Bsql.Planner.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class FunctionMathTests
{
    public static TheoryData<string, BoundExpr, object?> Cases() => new()
    {
        { "abs int", F("ABS", Int, I(-5)), 5 },
        { "abs bigint min wraps", F("ABS", Big, L(long.MinValue)), long.MinValue },
        { "abs double", F("ABS", Dbl, D(-1.5)), 1.5 },
        { "abs decimal", F("ABS", Dec(5, 2), M(-1.25m, 5, 2)), 1.25m },
        { "abs null", F("ABS", Int, Null(Int)), null },
        { "mod", F("MOD", Int, I(-7), I(3)), -1 },
        { "mod bigint int", F("MOD", Big, L(10), I(4)), 2L },
        { "mod double", F("MOD", Dbl, D(7.5), D(2)), 1.5 },
        { "mod null", F("MOD", Int, I(7), Null(Int)), null },
        { "power", F("POWER", Dbl, I(2), I(10)), 1024.0 },
        { "sqrt", F("SQRT", Dbl, D(16)), 4.0 },
        { "exp", F("EXP", Dbl, D(0)), 1.0 },
        { "ln", F("LN", Dbl, D(Math.E)), 1.0 },
        { "log10", F("LOG10", Dbl, D(1000)), 3.0 },
        { "log2", F("LOG2", Dbl, D(8)), 3.0 },
        { "log", F("LOG", Dbl, D(1)), 0.0 },
        { "log base", F("LOG", Dbl, D(2), D(8)), 3.0 },
        { "ceil double", F("CEIL", Dbl, D(1.2)), 2.0 },
        { "ceiling negative", F("CEILING", Dbl, D(-1.2)), -1.0 },
        { "floor double", F("FLOOR", Dbl, D(-1.2)), -2.0 },
        { "floor decimal", F("FLOOR", Dec(5, 0), M(1.7m, 5, 1)), 1m },
        { "floor bigint", F("FLOOR", Big, L(7)), 7L },
        { "round half up", F("ROUND", Dbl, D(2.5)), 3.0 },
        { "round negative half", F("ROUND", Dbl, D(-2.5)), -3.0 },
        { "round digits like BigDecimal", F("ROUND", Dbl, D(2.675), I(2)), 2.68 },
        { "round decimal", F("ROUND", Dec(5, 1), M(1.25m, 5, 2), I(1)), 1.3m },
        { "round int tens", F("ROUND", Int, I(1250), I(-2)), 1300 },
        { "round int negative tens", F("ROUND", Int, I(-1250), I(-2)), -1300 },
        { "truncate double", F("TRUNCATE", Dbl, D(1.789), I(2)), 1.78 },
        { "truncate int", F("TRUNCATE", Int, I(1789), I(-2)), 1700 },
        { "truncate decimal", F("TRUNCATE", Dec(5, 0), M(-1.7m, 5, 1)), -1m },
        { "sign", F("SIGN", Int, I(-3)), -1 },
        { "sign double", F("SIGN", Dbl, D(2.5)), 1.0 },
        { "pi", F("PI", Dbl), Math.PI },
        { "e", F("E", Dbl), Math.E },
        { "sin", F("SIN", Dbl, D(0)), 0.0 },
        { "cos", F("COS", Dbl, D(0)), 1.0 },
        { "tan", F("TAN", Dbl, D(0)), 0.0 },
        { "asin", F("ASIN", Dbl, D(1)), Math.PI / 2 },
        { "acos", F("ACOS", Dbl, D(1)), 0.0 },
        { "atan", F("ATAN", Dbl, D(0)), 0.0 },
        { "atan2", F("ATAN2", Dbl, D(1), D(1)), Math.PI / 4 },
        { "degrees", F("DEGREES", Dbl, D(Math.PI)), 180.0 },
        { "radians", F("RADIANS", Dbl, D(180)), Math.PI },
        { "greatest", F("GREATEST", Big, L(1), L(5), L(3)), 5L },
        { "greatest mixed", F("GREATEST", Dbl, I(1), D(2.5)), 2.5 },
        { "greatest null", F("GREATEST", Big, L(1), Null(Big)), null },
        { "least", F("LEAST", Str, S("b"), S("a"), S("c")), "a" },
        { "hex", F("HEX", Str, L(255)), "FF" },
        { "hex negative", F("HEX", Str, L(-1)), "FFFFFFFFFFFFFFFF" },
        { "hex string", F("HEX", Str, S("ab")), "6162" },
        { "bin", F("BIN", Str, L(12)), "1100" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MathFunction_ReturnsTheFlinkValue(string name, BoundExpr expr, object? expected)
    {
        var actual = Eval(expr);
        Assert.True(Equals(expected, actual), $"{name}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
    }

    [Fact]
    public void Rand_IsInUnitInterval_AndSeededRandIsRepeatable()
    {
        var r = (double)Eval(F("RAND", Dbl))!;
        Assert.InRange(r, 0.0, 1.0);
        var a = Bsql.Runtime.Expressions.ExpressionCompiler.Compile(F("RAND", Dbl, I(42)), Utc);
        var b = Bsql.Runtime.Expressions.ExpressionCompiler.Compile(F("RAND", Dbl, I(42)), Utc);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => a([])), Enumerable.Range(0, 5).Select(_ => b([])));
        var ri = Bsql.Runtime.Expressions.ExpressionCompiler.Compile(F("RAND_INTEGER", Int, I(7), I(10)), Utc);
        Assert.All(Enumerable.Range(0, 50).Select(_ => (int)ri([])!), v => Assert.InRange(v, 0, 9));
        Assert.InRange((int)Eval(F("RAND_INTEGER", Int, I(3)))!, 0, 2);
    }
}
