using System.Collections;
using System.Text;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Formats.Json;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Tests;

/// <summary>
/// The JSON decoder's fast path (a scanner specialised to the columns) accepts exactly the records the general
/// reader accepts, with the same values, and leaves every other record to it (same errors): checked against the
/// decoder with the fast path off, on chosen records and on many generated ones.
/// </summary>
public sealed class JsonFastPathTests
{
    private static readonly RowSchema Wide = new([
        new RowField("id", SqlType.BigInt), new RowField("n", SqlType.Int), new RowField("s", SqlType.String),
        new RowField("ts", SqlType.Timestamp(3)), new RowField("ltz", SqlType.TimestampLtz(3)), new RowField("b", SqlType.Boolean),
        new RowField("d", SqlType.Double), new RowField("dec", SqlType.Decimal(10, 2)), new RowField("arr", SqlType.Array(SqlType.Int)),
        new RowField("r", SqlType.Row([new RowField("a", SqlType.Int), new RowField("t", SqlType.String)])),
        new RowField("m", SqlType.Map(SqlType.String, SqlType.Int)), new RowField("sm", SqlType.Of(SqlTypeKind.SmallInt)),
        new RowField("day", SqlType.Date), new RowField("Caf\u00e9", SqlType.String),
    ]);

    public static TheoryData<string> Records() =>
    [
        """{"id":1,"n":-2,"s":"x","ts":"2024-01-31 12:00:00.123","ltz":"2024-01-31T12:00:00Z","b":true}""",
        """  {  "id" : 12 , "s" : "a\"b\\c\u00e9\n" , "ts" : "2024-01-31 12:00" }  """,
        """{"ID":7,"S":"upper","Id":8}""",
        """{"i\u0064":5,"s":"escaped name"}""",
        """{"id":1,"id":2}""",
        """{"unknown":{"a":[1,2,{"b":null}],"c":"\u0041"},"other":[[],{}],"id":3}""",
        """{"unknown":{"a":[1,2,{"b":null}],"id":3}""",
        """{"x":"caf\u00e9 \ud83d\ude00","y":"\ud800","id":1}""",
        """{"id":null,"n":null,"s":null,"ts":null,"b":null,"arr":null,"r":null}""",
        """{"id":"42","n":"7","b":"TRUE","d":"1.5","day":"2024-02-29"}""",
        """{"id":1.5}""", """{"id":1e3}""", """{"id":123456789012345678}""", """{"id":1234567890123456789}""",
        """{"id":99999999999999999999}""", """{"n":2147483648}""", """{"n":-2147483648}""", """{"n":1234567890}""",
        """{"id":-0}""", """{"id":01}""", """{"id":-}""", """{"id":1.}""", """{"id":.5}""", """{"id":1e}""", """{"id":+1}""",
        """{"d":1.5e-3,"dec":12.34,"sm":300,"sm2":1}""", """{"sm":40000}""", """{"dec":"abc"}""",
        """{"id":true}""", """{"s":true}""", """{"s":12.5}""", """{"s":{"a":1, "b" : [1,2]}}""", """{"s":[1,"x"]}""",
        """{"b":false}""", """{"b":fals}""", """{"b":1}""", """{"id":nul}""", """{"id":nullx}""", """{"id":1x}""",
        """{"ts":"2024-13-01 00:00:00"}""", """{"ts":"yesterday"}""", """{"ts":12}""", """{"ts":"2024-01-31 12:00:00.123+02:00"}""",
        """{"ts":"2024-01-31\u002012:00:00"}""", """{"ltz":"2024-01-31T12:00:00.1234567Z"}""",
        """{"arr":[1,2,3],"r":{"A":1,"t":"x","z":[1]},"m":{"k":1,"j":null}}""", """{"arr":[1,"2",null]}""", """{"arr":[1,"x"]}""",
        """{"arr":{"a":1}}""", """{"r":[1]}""", """{"m":{"k":"v"}}""", """{"arr":[1,2}""",
        """{"id":1,}""", """{"id":1""", """{"id" 1}""", """{id:1}""", """{"id":1}x""", """{"id":1} {}""", """[1]""", """1""", "",
        "   ", """{}""", """{ }""", """{"id":1 /* c */}""", """{"id":1, // c""" + "\n" + "\"s\":\"x\"}", """{"s":"a/b"}""",
        """{"s":"tab	in"}""", """{"s":"bad \x escape"}""", """{"s":"bad \u12 escape"}""", """{"s":"\u00"}""",
        """{"Caf\u00e9":"escaped non-ASCII name"}""", """{"Café":"raw non-ASCII name","CAFÉ":"other case"}""",
        """{"unknown":"ignored \"quoted\" \\ text","id":9}""",
        """{"s":"abcdefghijklmnopqrstuvwxyz \u00e9 é \" end","skip":"abcdefghijklmnopqrstuvwxyzé\n","id":2}""",
        """{"s":"abcdefghijklmnopqrstuvwxyz unterminated""", """{"deep":[[[[[[[[[[]]]]]]]]]],"id":1}""",
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Record_DecodesAsTheGeneralPathDecodesIt(string json)
    {
        AssertSame(Encoding.UTF8.GetBytes(json), failOnMissing: false);
        AssertSame(Encoding.UTF8.GetBytes(json), failOnMissing: true);
    }

    [Fact]
    public void InvalidUtf8_AndControlBytes_DecodeAsTheGeneralPathDecodesThem()
    {
        byte[][] records =
        [
            [.. """{"s":"t"""u8, 0xC3, 0x28, .. "\"}"u8],
            [.. """{"skip":"t"""u8, 0xC3, 0x28, .. "\",\"id\":1}"u8],
            [.. """{"skip":"t"""u8, 0xFF, .. "\",\"id\":1}"u8],
            [.. """{"t"""u8, 0xC3, 0x28, .. "\":1,\"id\":1}"u8],
            [.. """{"s":"a"""u8, 0x01, .. "\"}"u8],
            [.. """{"skip":"a"""u8, 0x1F, .. "\",\"id\":1}"u8],
            [.. """{"s":"caf"""u8, 0xC3, 0xA9, .. "\"}"u8],
            [0xEF, 0xBB, 0xBF, .. """{"id":1}"""u8],
        ];
        foreach (var record in records)
        {
            AssertSame(record, failOnMissing: false);
        }
    }

    [Fact]
    public void NestedValues_AtTheDepthLimit_DecodeAsTheGeneralPathDecodesThem()
    {
        for (var depth = 60; depth <= 66; depth++)
        {
            var nested = new string('[', depth) + new string(']', depth);
            AssertSame(Encoding.UTF8.GetBytes($$"""{"skip":{{nested}},"id":1}"""), failOnMissing: false);
            AssertSame(Encoding.UTF8.GetBytes($$"""{"s":{{nested}},"id":1}"""), failOnMissing: false);
        }
    }

    [Fact]
    public void ColumnNames_WithQuotesOrBackslashes_AreMatchedAsTheGeneralPathMatchesThem()
    {
        var schema = new RowSchema([new RowField("we\"ird", SqlType.BigInt), new RowField("back\\slash", SqlType.String), new RowField("id", SqlType.BigInt)]);
        var fast = new JsonRowDecoder(schema, failOnMissingField: false);
        var general = new JsonRowDecoder(schema, failOnMissingField: false) { FastPath = false };
        string[] records =
        [
            """{"we\"ird":1,"back\\slash":"x","id":3}""", """{"we\"ird":1,"back\\slash":"x","id":3}""", """{"WE\"IRD":2}""",
            """{"we":1,"id":2}""", """{"id":1,"id":2,"back":"y"}""",
        ];
        foreach (var json in records)
        {
            var record = Encoding.UTF8.GetBytes(json);
            var expectedRow = new object?[schema.Count];
            var actualRow = new object?[schema.Count];
            Assert.Equal(general.TryDecode(record, expectedRow, out var expectedError), fast.TryDecode(record, actualRow, out var actualError));
            Assert.Equal(expectedError, actualError);
            Assert.Equal(expectedRow, actualRow);
        }
        Assert.Equal(1L, RowOf(fast, """{"we\"ird":1}""")[0]);
        Assert.Equal("x", RowOf(fast, """{"back\\slash":"x"}""")[1]);

        static object?[] RowOf(JsonRowDecoder decoder, string json)
        {
            var row = new object?[3];
            Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes(json), row, out var error), error);
            return row;
        }
    }

    [Fact]
    public void GeneratedRecords_DecodeAsTheGeneralPathDecodesThem()
    {
        var random = new Random(11);
        // One decoder pair for all records, as a source keeps them: the string caches and the learnt names carry over.
        var fast = new JsonRowDecoder(Wide, failOnMissingField: false);
        var general = new JsonRowDecoder(Wide, failOnMissingField: false) { FastPath = false };
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var record = Encoding.UTF8.GetBytes(GenerateRecord(random));
            if (random.Next(20) == 0 && record.Length > 2)
            {
                // Corrupt a byte now and then.
                const string Corruptions = "{}[]\",:\\ x0-.e\u0001";
                record[random.Next(record.Length)] = (byte)Corruptions[random.Next(Corruptions.Length)];
            }
            if (Compare(fast, general, record)) decoded++;
        }
        // Both outcomes are well represented, and the fast path decodes most valid records.
        Assert.InRange(decoded, 2_000, 18_000);
        Assert.InRange(fast.FastDecoded, decoded * 7 / 10, decoded);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("ignore")]
    [InlineData("dead-letter")]
    public void WrongTypes_FollowTheErrorPolicy(string policy)
    {
        var metrics = new FormatMetrics("events");
        var deadLetters = new Letters();
        var decoder = new RecordDecoder(new JsonRowDecoder(Wide, failOnMissingField: false), "events", policy == "ignore",
            policy == "dead-letter" ? "bad" : null, deadLetters, metrics);
        var row = new object?[Wide.Count];
        Assert.True(decoder.Decode("""{"id":1,"s":"ok"}"""u8, row, "m:0"));
        Assert.Equal(1L, row[0]);
        string[] bad = ["""{"id":"one"}""", """{"id":1,"b":"maybe"}""", """{"ts":"2024-01-32 00:00:00"}""", """{"id":1"""];
        foreach (var json in bad)
        {
            if (policy == "fail")
            {
                var e = Assert.Throws<BsqlRuntimeException>(() => decoder.Decode(Encoding.UTF8.GetBytes(json), row, "m:1"));
                Assert.Equal(RuntimeErrors.ParseError, e.Code);
                Assert.Contains("table 'events': cannot decode record at m:1", e.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.False(decoder.Decode(Encoding.UTF8.GetBytes(json), row, "m:1"));
            }
        }
        Assert.Equal(policy == "ignore" ? bad.Length : 0, metrics.Skipped);
        Assert.Equal(policy == "dead-letter" ? bad.Length : 0, metrics.DeadLettered);
        Assert.Equal(policy == "dead-letter" ? bad : [], deadLetters.Records.Select(r => Encoding.UTF8.GetString(r.Raw)));
        Assert.All(deadLetters.Records, r => Assert.Equal("m:1", r.Location));
    }

    [Fact]
    public void Errors_AreWordedAsBefore()
    {
        var decoder = new JsonRowDecoder(Wide, failOnMissingField: true);
        var row = new object?[Wide.Count];
        Assert.False(decoder.TryDecode("""{"id":"one"}"""u8, row, out var error));
        Assert.Equal("field 'id': 'one' is not a BIGINT", error);
        Assert.False(decoder.TryDecode("""{"id":1}"""u8, row, out error));
        Assert.Equal("field 'n' is missing", error);
    }

    private static void AssertSame(byte[] record, bool failOnMissing)
    {
        var fast = new JsonRowDecoder(Wide, failOnMissing);
        var general = new JsonRowDecoder(Wide, failOnMissing) { FastPath = false };
        // Twice: the second time names are learnt and strings cached.
        Compare(fast, general, record);
        Compare(fast, general, record);
    }

    /// <summary>Both decoders agree on <paramref name="record"/>: outcome, error text, values, or the exception thrown.</summary>
    private static bool Compare(JsonRowDecoder fast, JsonRowDecoder general, byte[] record)
    {
        var text = Encoding.UTF8.GetString(record);
        var expectedRow = new object?[Wide.Count + 1];
        var actualRow = new object?[Wide.Count + 1];
        bool expected;
        string? expectedError;
        try
        {
            expected = general.TryDecode(record, expectedRow, out expectedError);
        }
        catch (Exception e)
        {
            var thrown = Assert.ThrowsAny<Exception>(() => fast.TryDecode(record, actualRow, out _));
            Assert.Equal(e.GetType(), thrown.GetType());
            return false;
        }
        var actual = fast.TryDecode(record, actualRow, out var actualError);
        Assert.True(expected == actual, $"{text}: general {expected} ({expectedError}), fast {actual} ({actualError})");
        Assert.True(expectedError == actualError, $"{text}: general '{expectedError}', fast '{actualError}'");
        if (expected)
        {
            for (var i = 0; i < Wide.Count; i++)
            {
                Assert.True(SameValue(expectedRow[i], actualRow[i]), $"{text}: column {Wide[i].Name}: general {Show(expectedRow[i])}, fast {Show(actualRow[i])}");
            }
        }
        return expected;
    }

    private static bool SameValue(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.GetType() != b.GetType()) return false;
        if (a is DateTime da) return da == (DateTime)b && da.Kind == ((DateTime)b).Kind;
        if (a is object?[] ra)
        {
            var rb = (object?[])b;
            return ra.Length == rb.Length && ra.Zip(rb).All(p => SameValue(p.First, p.Second));
        }
        if (a is IDictionary ma)
        {
            var mb = (IDictionary)b;
            return ma.Count == mb.Count && ma.Keys.Cast<object>().All(k => mb.Contains(k) && SameValue(ma[k], mb[k]));
        }
        return a.Equals(b);
    }

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        DateTime dt => dt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + " " + dt.Kind,
        _ => value + " (" + value.GetType().Name + ")",
    };

    private static string GenerateRecord(Random random)
    {
        string[] names = ["id", "n", "s", "ts", "ltz", "b", "d", "dec", "arr", "r", "m", "sm", "day", "ID", "S", "x", "page", "Café", "i\\u0064"];
        var text = new StringBuilder();
        text.Append(Space(random)).Append('{');
        var fields = random.Next(0, 7);
        for (var f = 0; f < fields; f++)
        {
            if (f > 0) text.Append(',');
            text.Append(Space(random)).Append('"').Append(names[random.Next(names.Length)]).Append('"').Append(Space(random)).Append(':').Append(Space(random));
            text.Append(Value(random, 0)).Append(Space(random));
        }
        text.Append('}').Append(Space(random));
        return text.ToString();
    }

    private static string Value(Random random, int depth) => random.Next(depth > 2 ? 20 : 24) switch
    {
        0 => "null",
        1 => "true",
        2 => "false",
        3 => random.Next(-2000, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        5 => "-" + random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) + random.Next(10),
        6 => (random.NextDouble() * 1000).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        7 => "1e" + random.Next(-5, 30),
        8 => "\"2024-0" + random.Next(1, 10) + "-1" + random.Next(10) + " 12:3" + random.Next(10) + ":00." + random.Next(1000) + "\"",
        9 => "\"2024-01-31T12:00:00" + (random.Next(2) == 0 ? "Z" : "+05:30") + "\"",
        10 => "\"" + new[] { "mobile", "tv", "caf\u00e9", "a\\\"b", "\\u0041\\n", "/", "42", "true", "" }[random.Next(9)] + "\"",
        11 => "\"user-" + random.Next(100000) + "\"",
        12 => "\"" + random.Next(-100, 100) + "\"",
        13 => "\"2024-02-" + random.Next(25, 32) + "\"",
        14 => "-0",
        15 => random.Next(5) + "." + random.Next(100),
        16 => "\"" + new string('x', random.Next(30, 80)) + "\"",
        17 => "\"2024-01-31 12:00:00." + new string('1', random.Next(60, 70)) + "\"",
        18 => "0" + random.Next(10),
        19 => "\"\\ud83d\\ude00\"",
        20 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
        21 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(k => "\"" + "akt"[random.Next(3)] + k + "\":" + Value(random, depth + 1))) + "}",
        22 => "{\"a\":" + random.Next(100) + ",\"t\":\"v\"}",
        _ => "[" + random.Next(10) + "," + random.Next(10) + "]",
    };

    private sealed class Letters : IDeadLetterQueue
    {
        public List<DeadLetterRecord> Records { get; } = [];

        public bool Knows(string table) => table == "bad";

        public void Add(DeadLetterRecord record) => Records.Add(record);
    }

    private static string Space(Random random) => random.Next(6) switch
    {
        0 => " ",
        1 => "\n\t ",
        _ => "",
    };
}
