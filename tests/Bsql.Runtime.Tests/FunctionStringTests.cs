using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using static Bsql.Runtime.Tests.ExpressionBuilders;

namespace Bsql.Runtime.Tests;

public sealed class FunctionStringTests
{
    public static TheoryData<string, BoundExpr, object?> Cases() => new()
    {
        { "char_length", F("CHAR_LENGTH", Int, S("héllo")), 5 },
        { "character_length null", F("CHARACTER_LENGTH", Int, S(null)), null },
        { "upper", F("UPPER", Str, S("abc Déf")), "ABC DÉF" },
        { "lower", F("LOWER", Str, S("ABC")), "abc" },
        { "lower null", F("LOWER", Str, S(null)), null },
        { "initcap", F("INITCAP", Str, S("hello wORLD-foo bar1x")), "Hello World-Foo Bar1x" },
        { "trim", F("TRIM", Str, S("  ab  ")), "ab" },
        { "trim chars", F("TRIM", Str, S("xxabxx"), S("x")), "ab" },
        { "ltrim", F("LTRIM", Str, S("  ab  ")), "ab  " },
        { "rtrim", F("RTRIM", Str, S("  ab  ")), "  ab" },
        { "rtrim chars", F("RTRIM", Str, S("abyx"), S("xy")), "ab" },
        { "substring from", F("SUBSTRING", Str, S("hello"), I(2)), "ello" },
        { "substring len", F("SUBSTRING", Str, S("hello"), I(2), I(3)), "ell" },
        { "substring zero start", F("SUBSTR", Str, S("hello"), I(0), I(2)), "he" },
        { "substring negative start", F("SUBSTRING", Str, S("hello"), I(-3), I(2)), "ll" },
        { "substring past end", F("SUBSTRING", Str, S("hello"), I(10)), "" },
        { "substring null len", F("SUBSTRING", Str, S("hello"), I(1), Null(Int)), null },
        { "replace", F("REPLACE", Str, S("a-b-c"), S("-"), S("+")), "a+b+c" },
        { "concat", F("CONCAT", Str, S("a"), S("b"), S("c")), "abc" },
        { "concat null", F("CONCAT", Str, S("a"), S(null), S("c")), null },
        { "concat number", F("CONCAT", Str, S("n="), L(5)), "n=5" },
        { "concat_ws", F("CONCAT_WS", Str, S("-"), S("a"), S(null), S("c")), "a-c" },
        { "concat_ws null sep", F("CONCAT_WS", Str, S(null), S("a")), null },
        { "position", F("POSITION", Int, S("lo"), S("hello")), 4 },
        { "position absent", F("POSITION", Int, S("z"), S("hello")), 0 },
        { "locate", F("LOCATE", Int, S("l"), S("hello")), 3 },
        { "locate from", F("LOCATE", Int, S("l"), S("hello"), I(4)), 4 },
        { "instr", F("INSTR", Int, S("hello"), S("ll")), 3 },
        { "lpad", F("LPAD", Str, S("hi"), I(5), S("ab")), "abahi" },
        { "lpad truncates", F("LPAD", Str, S("hello"), I(2), S("?")), "he" },
        { "lpad negative", F("LPAD", Str, S("hi"), I(-1), S("?")), null },
        { "rpad", F("RPAD", Str, S("hi"), I(5), S("ab")), "hiaba" },
        { "repeat", F("REPEAT", Str, S("ab"), I(3)), "ababab" },
        { "repeat zero", F("REPEAT", Str, S("ab"), I(0)), "" },
        { "reverse", F("REVERSE", Str, S("abc")), "cba" },
        { "split_index", F("SPLIT_INDEX", Str, S("a,b,c"), S(","), I(1)), "b" },
        { "split_index out of range", F("SPLIT_INDEX", Str, S("a,b,c"), S(","), I(3)), null },
        { "regexp_replace", F("REGEXP_REPLACE", Str, S("a1b22c"), S("[0-9]+"), S("#")), "a#b#c" },
        { "regexp_replace group", F("REGEXP_REPLACE", Str, S("2024-01-31"), S("(\\d+)-(\\d+)-(\\d+)"), S("$3/$2/$1")), "31/01/2024" },
        { "regexp_replace java escapes", F("REGEXP_REPLACE", Str, S("price: 5"), S("(\\d+)"), S("\\$$1")), "price: $5" },
        { "regexp_extract", F("REGEXP_EXTRACT", Str, S("foo123bar"), S("([a-z]+)([0-9]+)"), I(2)), "123" },
        { "regexp_extract default group", F("REGEXP_EXTRACT", Str, S("foo123"), S("([0-9]+)")), "123" },
        { "regexp_extract no match", F("REGEXP_EXTRACT", Str, S("foo"), S("([0-9]+)")), null },
        { "regexp", F("REGEXP", Bool, S("abc123"), S("[0-9]")), true },
        { "regexp false", F("REGEXP", Bool, S("abc"), S("^[0-9]+$")), false },
        { "left", F("LEFT", Str, S("hello"), I(2)), "he" },
        { "left negative", F("LEFT", Str, S("hello"), I(-2)), "" },
        { "right", F("RIGHT", Str, S("hello"), I(3)), "llo" },
        { "right long", F("RIGHT", Str, S("hi"), I(9)), "hi" },
        { "ascii", F("ASCII", Int, S("A")), 65 },
        { "ascii empty", F("ASCII", Int, S("")), 0 },
        { "chr", F("CHR", Str, I(97)), "a" },
        { "md5", F("MD5", Str, S("abc")), "900150983cd24fb0d6963f7d28e17f72" },
        { "sha1", F("SHA1", Str, S("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d" },
        { "sha256", F("SHA256", Str, S("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "to_base64", F("TO_BASE64", Str, S("hello")), "aGVsbG8=" },
        { "from_base64", F("FROM_BASE64", Str, S("aGVsbG8=")), "hello" },
        { "hash_code", F("HASH_CODE", Int, S("hello")), 99162322 },
        { "hash_code empty", F("HASH_CODE", Int, S("")), 0 },
        { "overlay", F("OVERLAY", Str, S("xxxxxtest"), S("hello"), I(1)), "hellotest" },
        { "overlay for", F("OVERLAY", Str, S("abcdef"), S("XY"), I(2), I(3)), "aXYef" },
        { "is_digit", F("IS_DIGIT", Bool, S("123")), true },
        { "is_digit no", F("IS_DIGIT", Bool, S("12a")), false },
        { "is_digit null", F("IS_DIGIT", Bool, S(null)), false },
        { "is_alpha", F("IS_ALPHA", Bool, S("abC")), true },
        { "is_decimal", F("IS_DECIMAL", Bool, S("-1.5e3")), true },
        { "is_decimal no", F("IS_DECIMAL", Bool, S("1.5x")), false },
        { "similar", F("SIMILAR TO", Bool, S("abc"), S("(a|x)%")), true },
        { "similar no", F("SIMILAR TO", Bool, S("abc"), S("b%")), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StringFunction_ReturnsTheFlinkValue(string name, BoundExpr expr, object? expected)
    {
        var actual = Eval(expr);
        Assert.True(Equals(expected, actual), $"{name}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
    }

    [Fact]
    public void Uuid_IsAVersion4Uuid()
    {
        var a = (string)Eval(F("UUID", Str))!;
        var b = (string)Eval(F("UUID", Str))!;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void StrToMap_SplitsPairsAndKeys()
    {
        var map = (Dictionary<object, object?>)Eval(F("STR_TO_MAP", SqlType.Map(Str, Str), S("a=1,b=2,c")))!;
        Assert.Equal("1", map["a"]);
        Assert.Equal("2", map["b"]);
        Assert.Null(map["c"]);
        var custom = (Dictionary<object, object?>)Eval(F("STR_TO_MAP", SqlType.Map(Str, Str), S("a:1;b:2"), S(";"), S(":")))!;
        Assert.Equal(2, custom.Count);
        Assert.Equal("2", custom["b"]);
    }

    [Fact]
    public void FromBase64_ToBytes_WhenTheCallIsBytes() =>
        Assert.Equal("hi"u8.ToArray(), (byte[])Eval(F("FROM_BASE64", SqlType.Bytes, S("aGk=")))!);

    [Fact]
    public void InvalidRegex_IsARuntimeError() =>
        Assert.Throws<Bsql.Runtime.Expressions.ExpressionEvaluationException>(() => Eval(F("REGEXP", Bool, Col(0, Str), S("(")), "x"));
}
