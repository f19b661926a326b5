using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Expressions;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class FunctionConditionalTests
{
    private const string Doc = """{"a":{"b":[10,{"c":"x"}],"n":1.5,"t":true,"z":null},"k.e":"dotted"}""";

    public static TheoryData<string, BoundExpr, object?> Cases() => new()
    {
        { "coalesce", F("COALESCE", Big, Null(Big), L(2), L(3)), 2L },
        { "coalesce all null", F("COALESCE", Big, Null(Big), Null(Big)), null },
        { "coalesce widens", F("COALESCE", Big, Null(Int), I(7)), 7L },
        { "ifnull", F("IFNULL", Str, S(null), S("d")), "d" },
        { "ifnull present", F("IFNULL", Str, S("v"), S("d")), "v" },
        { "if true", F("IF", Str, B(true), S("a"), S("b")), "a" },
        { "if null cond", F("IF", Str, B(null), S("a"), S("b")), "b" },
        { "nullif equal", F("NULLIF", Big, L(3), L(3)), null },
        { "nullif different", F("NULLIF", Big, L(3), L(4)), 3L },
        { "nullif null", F("NULLIF", Big, L(3), Null(Big)), 3L },
        { "json_value", F("JSON_VALUE", Str, S(Doc), S("$.a.b[1].c")), "x" },
        { "json_value number", F("JSON_VALUE", Str, S(Doc), S("$.a.n")), "1.5" },
        { "json_value returning double", F("JSON_VALUE", Dbl, S(Doc), S("$.a.n")), 1.5 },
        { "json_value returning int", F("JSON_VALUE", Int, S(Doc), S("$.a.b[0]")), 10 },
        { "json_value bool", F("JSON_VALUE", Bool, S(Doc), S("$.a.t")), true },
        { "json_value bracket key", F("JSON_VALUE", Str, S(Doc), S("$['k.e']")), "dotted" },
        { "json_value object is null", F("JSON_VALUE", Str, S(Doc), S("$.a")), null },
        { "json_value json null", F("JSON_VALUE", Str, S(Doc), S("$.a.z")), null },
        { "json_value missing", F("JSON_VALUE", Str, S(Doc), S("$.nope")), null },
        { "json_value invalid json", F("JSON_VALUE", Str, S("{oops"), S("$.a")), null },
        { "json_value not convertible", F("JSON_VALUE", Int, S(Doc), S("$.a.b[1].c")), null },
        { "json_value null input", F("JSON_VALUE", Str, S(null), S("$.a")), null },
        { "json_exists", F("JSON_EXISTS", Bool, S(Doc), S("$.a.b[1]")), true },
        { "json_exists no", F("JSON_EXISTS", Bool, S(Doc), S("$.a.b[2]")), false },
        { "json_exists invalid", F("JSON_EXISTS", Bool, S("["), S("$")), false },
        { "json_query", F("JSON_QUERY", Str, S(Doc), S("$.a.b")), """[10,{"c":"x"}]""" },
        { "json_query scalar", F("JSON_QUERY", Str, S(Doc), S("$.a.n")), null },
        { "cardinality array", F("CARDINALITY", Int, F("ARRAY", SqlType.Array(Big), L(1), L(2), L(3))), 3 },
        { "cardinality map", F("CARDINALITY", Int, F("MAP", SqlType.Map(Str, Big), S("a"), L(1))), 1 },
        { "cardinality null", F("CARDINALITY", Int, Null(SqlType.Array(Big))), null },
        { "element one", F("ELEMENT", Big, F("ARRAY", SqlType.Array(Big), L(9))), 9L },
        { "element empty", F("ELEMENT", Big, F("ARRAY", SqlType.Array(Big))), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConditionalJsonCollectionFunction_ReturnsTheFlinkValue(string name, BoundExpr expr, object? expected)
    {
        var actual = Eval(expr);
        Assert.True(Equals(expected, actual), $"{name}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
    }

    [Fact]
    public void Coalesce_DoesNotEvaluateLaterArgumentsOnceOneIsPresent()
    {
        // The second argument would divide by zero; it must not run when the first is present.
        var e = F("COALESCE", Big, Col(0, Big), F("/", Big, L(1), L(0)));
        Assert.Equal(5L, Eval(e, 5L));
        Assert.Throws<ExpressionEvaluationException>(() => Eval(e, [null]));
    }

    [Fact]
    public void Element_OfSeveral_IsAnError() =>
        Assert.Throws<ExpressionEvaluationException>(() => Eval(F("ELEMENT", Big, F("ARRAY", SqlType.Array(Big), L(1), L(2)))));

    [Fact]
    public void InvalidJsonPath_IsAnError() =>
        Assert.Throws<ExpressionEvaluationException>(() => Eval(F("JSON_VALUE", Str, Col(0, Str), S("a.b")), "{}"));
}
