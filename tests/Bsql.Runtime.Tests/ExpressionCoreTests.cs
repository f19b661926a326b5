using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class ExpressionCoreTests
{
    [Fact]
    public void InputRefsAndArithmetic_ComputeInTheResultType()
    {
        var e = F("+", Big, Col(0, Big), F("*", Big, Col(1, Int), L(2)));
        Assert.Equal(7L, Eval(e, 1L, 3));
        Assert.Null(Eval(e, null, 3));
        Assert.Null(Eval(e, 1L, null));
    }

    [Fact]
    public void IntegerOverflow_WrapsAsJava()
    {
        Assert.Equal(long.MinValue, Eval(F("+", Big, L(long.MaxValue), L(1))));
        Assert.Equal(int.MinValue, Eval(F("+", Int, I(int.MaxValue), I(1))));
        Assert.Equal(long.MinValue, Eval(F("/", Big, L(long.MinValue), L(-1))));
        Assert.Equal(0L, Eval(F("%", Big, L(long.MinValue), L(-1))));
        Assert.Equal(long.MinValue, Eval(F("NEGATE", Big, L(long.MinValue))));
    }

    [Fact]
    public void IntegerDivision_TruncatesAndRejectsZero()
    {
        Assert.Equal(-2, Eval(F("/", Int, I(-7), I(3))));
        Assert.Equal(-1, Eval(F("%", Int, I(-7), I(3))));
        var ex = Assert.Throws<ExpressionEvaluationException>(() => Eval(F("/", Big, Col(0, Big), L(0)), 5L));
        Assert.Contains("division by zero", ex.Message, StringComparison.Ordinal);
        Assert.Equal(double.PositiveInfinity, Eval(F("/", Dbl, D(1), D(0))));
    }

    [Fact]
    public void DecimalArithmetic_RoundsHalfUpToTheResultScale()
    {
        Assert.Equal(3.33m, Eval(F("/", Dec(10, 2), M(10m, 10, 0), M(3m, 10, 0))));
        Assert.Equal(0.67m, Eval(F("/", Dec(10, 2), M(2m, 10, 0), M(3m, 10, 0))));
        Assert.Equal("2.50", Eval(F("+", Dec(10, 2), M(1.25m, 10, 2), M(1.25m, 10, 2)))!.ToString());
        Assert.Null(Eval(F("*", Dec(3, 0), M(100m, 3, 0), M(100m, 3, 0))));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, null, null)]
    [InlineData(false, null, false)]
    [InlineData(null, false, false)]
    [InlineData(null, null, null)]
    public void And_IsThreeValued(bool? a, bool? b, bool? expected) =>
        Assert.Equal(expected, (bool?)Eval(F("AND", Bool, Col(0, Bool), Col(1, Bool)), a, b));

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, null, true)]
    [InlineData(null, true, true)]
    [InlineData(false, null, null)]
    [InlineData(null, null, null)]
    public void Or_IsThreeValued(bool? a, bool? b, bool? expected) =>
        Assert.Equal(expected, (bool?)Eval(F("OR", Bool, Col(0, Bool), Col(1, Bool)), a, b));

    [Fact]
    public void Predicate_IsTrueOnlyForTrue()
    {
        var p = ExpressionCompiler.CompilePredicate(F(">", Bool, Col(0, Big), L(10)), Utc);
        Assert.True(p([11L]));
        Assert.False(p([10L]));
        Assert.False(p([null]));
    }

    [Fact]
    public void Comparisons_WidenAcrossNumericTypes()
    {
        Assert.Equal(true, Eval(F("<", Bool, Col(0, Int), Col(1, Dbl)), 1, 1.5));
        Assert.Equal(true, Eval(F("=", Bool, Col(0, Big), Col(1, Dec(10, 2))), 2L, 2.00m));
        Assert.Equal(false, Eval(F("<>", Bool, Col(0, Big), Col(1, Int)), 2L, 2));
        Assert.Null(Eval(F("=", Bool, Col(0, Big), Null(Big)), 2L));
        Assert.Equal(true, Eval(F("<", Bool, S("abc"), S("abd"))));
        Assert.Equal(true, Eval(F(">", Bool, Lit(T("2024-01-02"), Ts), Lit(T("2024-01-01"), Ts))));
    }

    [Fact]
    public void IsNullFamily_IsNeverNull()
    {
        Assert.Equal(true, Eval(F("IS NULL", Bool, Col(0, Str)), [null]));
        Assert.Equal(false, Eval(F("IS NOT NULL", Bool, Col(0, Str)), [null]));
        Assert.Equal(false, Eval(F("IS TRUE", Bool, Col(0, Bool)), [null]));
        Assert.Equal(true, Eval(F("IS NOT FALSE", Bool, Col(0, Bool)), [null]));
        Assert.Equal(true, Eval(F("IS FALSE", Bool, Col(0, Bool)), false));
        Assert.Equal(false, Eval(F("IS DISTINCT FROM", Bool, Col(0, Big), Col(1, Big)), null, null));
        Assert.Equal(true, Eval(F("IS DISTINCT FROM", Bool, Col(0, Big), Col(1, Big)), 1L, null));
        Assert.Equal(true, Eval(F("IS NOT DISTINCT FROM", Bool, Col(0, Big), Col(1, Big)), 3L, 3L));
    }

    [Fact]
    public void Case_TakesTheFirstTrueArm()
    {
        var e = new CaseExpr([new CaseArm(F(">", Bool, Col(0, Big), L(10)), S("big")), new CaseArm(F(">", Bool, Col(0, Big), L(0)), S("small"))], S("none"), Str);
        Assert.Equal("big", Eval(e, 11L));
        Assert.Equal("small", Eval(e, 1L));
        Assert.Equal("none", Eval(e, -1L));
        Assert.Equal("none", Eval(e, [null]));
        var noElse = new CaseExpr([new CaseArm(F(">", Bool, Col(0, Big), L(10)), L(1))], null, Big);
        Assert.Null(Eval(noElse, 3L));
    }

    [Fact]
    public void FieldAccess_ReadsRowFields()
    {
        var rowType = SqlType.Row([new RowField("a", Big), new RowField("b", Str)]);
        Assert.Equal("x", Eval(new FieldAccess(Col(0, rowType), 1, Str), [new object?[] { 1L, "x" }]));
        Assert.Null(Eval(new FieldAccess(Col(0, rowType), 1, Str), [null]));
    }

    [Fact]
    public void In_WithConstants_UsesSetSemanticsAndNulls()
    {
        var e = F("IN", Bool, Col(0, Big), L(1), L(2), L(3));
        Assert.Equal(true, Eval(e, 2L));
        Assert.Equal(false, Eval(e, 5L));
        Assert.Null(Eval(e, [null]));
        var withNull = F("IN", Bool, Col(0, Big), L(1), Null(Big));
        Assert.Equal(true, Eval(withNull, 1L));
        Assert.Null(Eval(withNull, 5L));
        var dynamic = F("IN", Bool, Col(0, Str), Col(1, Str), S("b"));
        Assert.Equal(true, Eval(dynamic, "a", "a"));
        Assert.Equal(true, Eval(dynamic, "b", null));
        Assert.Null(Eval(dynamic, "c", null));
        Assert.Equal(false, Eval(dynamic, "c", "d"));
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "a%", true)]
    [InlineData("abc", "%c", true)]
    [InlineData("abc", "%b%", true)]
    [InlineData("abc", "a_c", true)]
    [InlineData("abc", "_", false)]
    [InlineData("a.c", "a.c", true)]
    [InlineData("abc", "a.c", false)]
    [InlineData("a\nc", "a%c", true)]
    [InlineData("ABC", "abc", false)]
    public void Like_MatchesTheWholeValue(string value, string pattern, bool expected)
    {
        Assert.Equal(expected, Eval(F("LIKE", Bool, Col(0, Str), S(pattern)), value));
        Assert.Equal(expected, Eval(F("LIKE", Bool, Col(0, Str), Col(1, Str)), value, pattern));
    }

    [Fact]
    public void Like_WithEscape_TreatsWildcardsLiterally()
    {
        Assert.Equal(true, Eval(F("LIKE", Bool, Col(0, Str), S("10!%"), S("!")), "10%"));
        Assert.Equal(false, Eval(F("LIKE", Bool, Col(0, Str), S("10!%"), S("!")), "100"));
        Assert.Null(Eval(F("LIKE", Bool, Col(0, Str), S("a%")), [null]));
    }

    [Fact]
    public void TimestampPlusInterval_AddsMillisAndMonths()
    {
        Assert.Equal(T("2024-01-31 13:00:00"), Eval(F("+", Ts, Lit(T("2024-01-31 12:00:00"), Ts), Lit(3_600_000L, DayTime))));
        Assert.Equal(T("2024-02-29 12:00:00"), Eval(F("+", Ts, Lit(T("2024-01-31 12:00:00"), Ts), Lit(1, YearMonth))));
        Assert.Equal(T("2024-01-30 12:00:00"), Eval(F("-", Ts, Lit(T("2024-01-31 12:00:00"), Ts), Lit(86_400_000L, DayTime))));
        Assert.Equal(new DateOnly(2024, 2, 3), Eval(F("+", Date, Lit(new DateOnly(2024, 1, 31), Date), Lit(3 * 86_400_000L, DayTime))));
    }

    [Fact]
    public void CollectionConstructorsAndItem()
    {
        var arrType = SqlType.Array(Big);
        var arr = F("ARRAY", arrType, L(10), L(20));
        Assert.Equal(20L, Eval(F("ITEM", Big, arr, I(2))));
        Assert.Null(Eval(F("ITEM", Big, arr, I(3))));
        Assert.Null(Eval(F("ITEM", Big, arr, I(0))));
        var mapType = SqlType.Map(Str, Big);
        var map = F("MAP", mapType, S("a"), L(1), S("b"), L(2));
        Assert.Equal(2L, Eval(F("ITEM", Big, map, S("b"))));
        Assert.Null(Eval(F("ITEM", Big, map, S("z"))));
        var rowType = SqlType.Row([new RowField("a", Big), new RowField("b", Str)]);
        Assert.Equal(new object?[] { 1L, "x" }, (object?[])Eval(F("ROW", rowType, L(1), S("x")))!);
    }

    [Fact]
    public void Concat_PropagatesNull()
    {
        Assert.Equal("ab", Eval(F("||", Str, S("a"), S("b"))));
        Assert.Null(Eval(F("||", Str, S("a"), Null(Str))));
    }

    [Fact]
    public void UnknownFunction_FailsAtCompileTime()
    {
        var ex = Assert.Throws<ExpressionCompilationException>(() => ExpressionCompiler.Compile(F("NO_SUCH_FN", Big, L(1)), Utc));
        Assert.Contains("NO_SUCH_FN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserFunction_IsCalledWithBoxedArguments()
    {
        var ctx = new ExpressionContext { UserFunctions = new Dictionary<string, Func<object?[], object?>> { ["TWICE"] = a => (long)a[0]! * 2 } };
        Assert.Equal(42L, Eval(ctx, F("TWICE", Big, Col(0, Big)), 21L));
    }

    [Fact]
    public void Projection_FillsOneOutputRow()
    {
        var project = ExpressionCompiler.CompileProjection([Col(1, Str), F("+", Big, Col(0, Big), L(1))], Utc);
        Assert.Equal(new object?[] { "a", 2L }, project([1L, "a"]));
    }

    [Fact]
    public void LiteralsReadBackFromJson_AreInterpretedByTheirType()
    {
        static object Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(42L, Eval(Lit(Json("42"), Big)));
        Assert.Equal(1.25m, Eval(Lit(Json("1.25"), Dec(5, 2))));
        Assert.Equal("x", Eval(Lit(Json("\"x\""), Str)));
        Assert.Equal(T("2024-01-31 12:00:00"), Eval(Lit(Json("\"2024-01-31T12:00:00\""), Ts)));
        Assert.Equal(true, Eval(F("=", Bool, Col(0, Big), Lit(Json("7"), Big)), 7L));
    }

    [Fact]
    public void In_WithMixedNumericTypes_ComparesInTheWiderType()
    {
        // 4294967297 wraps to 1 as an INT: the probe must widen instead.
        var e = F("IN", Bool, Col(0, Int), L(4294967297L), L(2));
        Assert.Equal(false, Eval(e, 1));
        Assert.Equal(true, Eval(e, 2));
        var d = F("IN", Bool, Col(0, Big), D(1.5), D(2.0));
        Assert.Equal(true, Eval(d, 2L));
        Assert.Equal(false, Eval(d, 1L));
        var m = F("IN", Bool, Col(0, Dec(10, 2)), L(3), M(1.50m, 10, 2));
        Assert.Equal(true, Eval(m, 1.5m));
        Assert.Equal(true, Eval(m, 3.00m));
    }

    [Fact]
    public void TypedPredicates_AllocateNothingPerRow()
    {
        // MOD(a, 123) = 0 AND b > 5.5 AND c LIKE 'ab%' AND a IN (1, 2, 3) IS NOT TRUE
        var predicate = ExpressionCompiler.CompilePredicate(
            F("AND", Bool,
                F("AND", Bool,
                    F("=", Bool, F("MOD", Big, Col(0, Big), L(123)), L(0)),
                    F(">", Bool, Col(1, Dbl), D(5.5))),
                F("AND", Bool,
                    F("LIKE", Bool, Col(2, Str), S("ab%")),
                    F("IS NOT TRUE", Bool, F("IN", Bool, Col(0, Big), L(1), L(2), L(3))))),
            Utc);
        object?[] row = [246L, 6.0, "abc"];
        // Warm up first: tier-up and on-stack replacement of this loop allocate a few KB once, on this thread.
        for (var i = 0; i < 10_000; i++) Assert.True(predicate(row));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 100_000; i++)
        {
            if (predicate(row)) hits++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100_000, hits);
        // One boxed value per row would be 2.4 MB here; anything left is one-off runtime work, not per row.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for 100,000 evaluations");
    }

    [Fact]
    public void UntypedNullArguments_GiveNullOfTheCallType()
    {
        var nullType = SqlType.Of(SqlTypeKind.Null);
        Assert.Null(Eval(F("UPPER", Str, Null(nullType))));
        Assert.Null(Eval(F("DATEDIFF", Int, Null(nullType), Lit(new DateOnly(2024, 1, 1), Date))));
        Assert.Null(Eval(F("+", Big, Null(nullType), L(1))));
        Assert.Null(Eval(F("=", Bool, Null(nullType), L(1))));
        Assert.Equal(true, Eval(F("IS NULL", Bool, Null(nullType))));
        Assert.Equal(2L, Eval(F("COALESCE", Big, Null(nullType), L(2))));
        Assert.Null(Eval(Cast(Null(nullType), Int)));
    }
}
