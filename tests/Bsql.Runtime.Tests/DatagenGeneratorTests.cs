using System.Collections.Immutable;
using Bsql.Planner.Expressions;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Datagen;
using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Tests;

public sealed class DatagenGeneratorTests
{
    private sealed class FixedTime(long epochMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
    }

    private static RowSchema Schema(params (string Name, SqlType Type)[] columns) =>
        new(columns.Select(c => new RowField(c.Name, c.Type)).ToImmutableArray());

    private static DatagenConfig Config(RowSchema schema, params (string Key, string Value)[] options)
    {
        var errors = new List<GeneratorOptionError>();
        var config = DatagenConfig.FromOptions(schema, options.ToDictionary(o => o.Key, o => o.Value), errors);
        Assert.Empty(errors);
        return config;
    }

    private static List<GeneratorOptionError> Errors(RowSchema schema, params (string Key, string Value)[] options)
    {
        var errors = new List<GeneratorOptionError>();
        DatagenConfig.FromOptions(schema, options.ToDictionary(o => o.Key, o => o.Value), errors);
        return errors;
    }

    private static List<object?[]> Rows(DatagenConfig config, int max, int splitIndex = 0, int splitCount = 1, TimeProvider? time = null)
    {
        var generator = new DatagenGenerator(config, splitIndex, splitCount, time ?? new FixedTime(0));
        var rows = new List<object?[]>();
        while (rows.Count < max && generator.HasNext) rows.Add(generator.Next());
        return rows;
    }

    [Fact]
    public void RandomIntegers_StayWithinMinAndMax_AndCoverTheRange()
    {
        var config = Config(Schema(("a", SqlType.Int), ("b", SqlType.BigInt), ("c", SqlType.Of(SqlTypeKind.TinyInt))),
            ("number-of-rows", "5000"), ("fields.a.min", "5"), ("fields.a.max", "10"), ("fields.b.min", "-3"), ("fields.b.max", "3"));
        var rows = Rows(config, int.MaxValue);
        Assert.Equal(5000, rows.Count);
        Assert.Equal(new[] { 5, 6, 7, 8, 9, 10 }, rows.Select(r => (int)r[0]!).Distinct().Order());
        Assert.Equal(new long[] { -3, -2, -1, 0, 1, 2, 3 }, rows.Select(r => (long)r[1]!).Distinct().Order());
        Assert.All(rows, r => Assert.IsType<sbyte>(r[2]));
        Assert.True(rows.Select(r => (sbyte)r[2]!).Distinct().Count() > 200);
    }

    [Fact]
    public void RandomStrings_HaveTheConfiguredLength()
    {
        var config = Config(Schema(("s", SqlType.String), ("v", SqlType.VarChar(12)), ("l", SqlType.String), ("w", SqlType.String), ("c", SqlType.Of(SqlTypeKind.Char) with { Precision = 4 })),
            ("number-of-rows", "1000"), ("fields.l.length", "7"), ("fields.w.length", "9"), ("fields.w.var-len", "true"));
        var rows = Rows(config, int.MaxValue);
        Assert.All(rows, r =>
        {
            Assert.Equal(100, ((string)r[0]!).Length);
            Assert.Equal(12, ((string)r[1]!).Length);
            Assert.Equal(7, ((string)r[2]!).Length);
            Assert.InRange(((string)r[3]!).Length, 1, 8);
            Assert.Equal(4, ((string)r[4]!).Length);
            Assert.Matches("^[0-9a-f]{7}$", (string)r[2]!);
        });
        Assert.Equal(8, rows.Select(r => ((string)r[3]!).Length).Distinct().Count());
    }

    [Fact]
    public void Sequence_EmitsStartToEndInOrder_AndBoundsTheTable()
    {
        var config = Config(Schema(("id", SqlType.BigInt), ("s", SqlType.String), ("x", SqlType.Int)),
            ("fields.id.kind", "sequence"), ("fields.id.start", "10"), ("fields.id.end", "19"),
            ("fields.s.kind", "sequence"), ("fields.s.start", "100"), ("fields.s.end", "1000"));
        Assert.Equal(10, config.TotalRows);
        Assert.Equal(0, config.RowsPerSecond);
        var rows = Rows(config, int.MaxValue);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.Equal(Enumerable.Range(100, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => (string)r[1]!));
    }

    [Fact]
    public void Sequence_SplitAcrossSubtasks_CoversTheRangeOnce()
    {
        var config = Config(Schema(("id", SqlType.Int)), ("fields.id.kind", "sequence"), ("fields.id.start", "1"), ("fields.id.end", "10"));
        var parts = Enumerable.Range(0, 3).Select(i => Rows(config, int.MaxValue, i, 3).Select(r => (int)r[0]!).ToList()).ToList();
        Assert.Equal(new[] { 4, 3, 3 }, parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 10), parts.SelectMany(p => p));
    }

    [Fact]
    public void NumberOfRows_BoundsTheTable_AndAShorterSequenceWins()
    {
        Assert.Equal(100, Rows(Config(Schema(("a", SqlType.Int)), ("number-of-rows", "100")), int.MaxValue).Count);
        var config = Config(Schema(("a", SqlType.Int)), ("number-of-rows", "100"), ("fields.a.kind", "sequence"), ("fields.a.start", "1"), ("fields.a.end", "5"));
        Assert.Equal(5, Rows(config, int.MaxValue).Count);
        var unbounded = Config(Schema(("a", SqlType.Int)));
        Assert.Null(unbounded.TotalRows);
        Assert.Equal(10_000, unbounded.RowsPerSecond);
        Assert.Equal(20_000, Rows(unbounded, 20_000).Count);
        Assert.Equal(2_500, new DatagenGenerator(unbounded, 0, 4, TimeProvider.System).RowsPerSecond);
    }

    [Fact]
    public void NullRate_NullsAboutThatShareOfValues()
    {
        var config = Config(Schema(("a", SqlType.Int), ("b", SqlType.String)), ("number-of-rows", "20000"), ("fields.a.null-rate", "0.3"));
        var rows = Rows(config, int.MaxValue);
        Assert.InRange(rows.Count(r => r[0] is null) / 20000.0, 0.28, 0.32);
        Assert.All(rows, r => Assert.NotNull(r[1]));
    }

    [Fact]
    public void ScalarTypes_GetValuesOfTheirRuntimeRepresentation()
    {
        var baseTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var config = Config(Schema(
                ("flag", SqlType.Boolean), ("price", SqlType.Decimal(5, 2)), ("ratio", SqlType.Double), ("f", SqlType.Of(SqlTypeKind.Float)),
                ("ts", SqlType.Timestamp(3)), ("ltz", SqlType.TimestampLtz(3)), ("d", SqlType.Date), ("t", SqlType.Of(SqlTypeKind.Time)),
                ("raw", SqlType.Bytes), ("small", SqlType.Of(SqlTypeKind.SmallInt))),
            ("number-of-rows", "2000"), ("base-time", baseTime.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("fields.price.min", "1.5"), ("fields.price.max", "99.5"), ("fields.ratio.min", "-1"), ("fields.ratio.max", "1"),
            ("fields.f.min", "0"), ("fields.f.max", "2"), ("fields.ts.max-past", "10s"), ("fields.ltz.max-past", "1 min"),
            ("fields.d.max-past", "3d"), ("fields.raw.length", "5"), ("fields.small.min", "-2"), ("fields.small.max", "2"));
        var rows = Rows(config, int.MaxValue);
        var start = DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(baseTime), DateTimeKind.Unspecified);
        Assert.Equal(2, rows.Select(r => (bool)r[0]!).Distinct().Count());
        Assert.All(rows, r =>
        {
            var price = (decimal)r[1]!;
            Assert.InRange(price, 1.5m, 99.5m);
            Assert.Equal(price, Math.Round(price, 2));
            Assert.InRange((double)r[2]!, -1.0, 1.0);
            Assert.InRange((float)r[3]!, 0f, 2f);
            var ts = (DateTime)r[4]!;
            Assert.Equal(DateTimeKind.Unspecified, ts.Kind);
            Assert.InRange(ts, start.AddSeconds(-10), start);
            var ltz = (DateTime)r[5]!;
            Assert.Equal(DateTimeKind.Utc, ltz.Kind);
            Assert.InRange(ltz, DateTime.SpecifyKind(start, DateTimeKind.Utc).AddMinutes(-1), DateTime.SpecifyKind(start, DateTimeKind.Utc));
            Assert.InRange((DateOnly)r[6]!, new DateOnly(2023, 12, 29), new DateOnly(2024, 1, 1));
            Assert.IsType<TimeOnly>(r[7]);
            Assert.Equal(5, ((byte[])r[8]!).Length);
            Assert.InRange((short)r[9]!, (short)-2, (short)2);
        });
        Assert.True(rows.Select(r => (decimal)r[1]!).Distinct().Count() > 1000);
    }

    [Fact]
    public void RandomTimestamps_CountBackFromTheJobClock_WhenNoBaseTimeIsSet()
    {
        var config = Config(Schema(("ts", SqlType.Timestamp(3))), ("number-of-rows", "10"));
        var now = new DateTimeOffset(2026, 5, 4, 3, 2, 1, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.All(Rows(config, int.MaxValue, time: new FixedTime(now)), r => Assert.Equal(new DateTime(2026, 5, 4, 3, 2, 1), (DateTime)r[0]!));
    }

    [Fact]
    public void NestedTypes_AreGeneratedRecursively_WithTheirOwnOptions()
    {
        var rowType = SqlType.Row([new RowField("x", SqlType.Int), new RowField("y", SqlType.String)]);
        var config = Config(Schema(("arr", SqlType.Array(SqlType.Int)), ("m", SqlType.Map(SqlType.String, SqlType.BigInt)), ("r", rowType), ("dflt", SqlType.Array(SqlType.Boolean))),
            ("number-of-rows", "500"),
            ("fields.arr.length", "5"), ("fields.arr.element.min", "1"), ("fields.arr.element.max", "3"),
            ("fields.m.key.length", "1"), ("fields.m.value.min", "7"), ("fields.m.value.max", "7"), ("fields.m.length", "4"),
            ("fields.r.x.min", "-1"), ("fields.r.x.max", "1"), ("fields.r.y.length", "2"), ("fields.r.null-rate", "0.5"));
        var rows = Rows(config, int.MaxValue);
        Assert.All(rows, r =>
        {
            var arr = (object?[])r[0]!;
            Assert.Equal(5, arr.Length);
            Assert.All(arr, e => Assert.InRange((int)e!, 1, 3));
            var map = (Dictionary<object, object?>)r[1]!;
            Assert.InRange(map.Count, 1, 4);
            Assert.All(map, kv => { Assert.Single((string)kv.Key); Assert.Equal(7L, kv.Value); });
            if (r[2] is object?[] row)
            {
                Assert.InRange((int)row[0]!, -1, 1);
                Assert.Equal(2, ((string)row[1]!).Length);
            }
            Assert.Equal(3, ((object?[])r[3]!).Length);
        });
        Assert.InRange(rows.Count(r => r[2] is null), 200, 300);
    }

    [Fact]
    public void SameSeed_GivesTheSameRows_AtAnyParallelism()
    {
        var schema = Schema(("a", SqlType.Int), ("s", SqlType.String), ("arr", SqlType.Array(SqlType.Double)));
        var bounded = Config(schema, ("number-of-rows", "1000"), ("fields.s.length", "8"));
        var whole = Rows(bounded, int.MaxValue);
        Assert.True(whole.Zip(Rows(bounded, int.MaxValue)).All(p => LiteralValues.AreEqual(p.First, p.Second)));
        var split = Enumerable.Range(0, 4).SelectMany(i => Rows(bounded, int.MaxValue, i, 4)).ToList();
        Assert.Equal(1000, split.Count);
        Assert.True(whole.Zip(split).All(p => LiteralValues.AreEqual(p.First, p.Second)));

        var other = Config(schema, ("number-of-rows", "1000"), ("fields.s.length", "8"), ("seed", "12"));
        Assert.True(whole.Zip(Rows(other, int.MaxValue)).Count(p => !LiteralValues.AreEqual(p.First, p.Second)) > 990);

        // Unbounded: subtask i of n takes rows i, i + n, ...
        var unbounded = Config(schema, ("fields.s.length", "8"));
        var all = Rows(unbounded, 30);
        var second = Rows(unbounded, 10, 1, 3);
        for (var k = 0; k < 10; k++) Assert.True(LiteralValues.AreEqual(all[1 + 3 * k], second[k]));
    }

    [Fact]
    public void Seek_ResumesWhereTheCheckpointedRunStopped()
    {
        var config = Config(Schema(("a", SqlType.BigInt)), ("number-of-rows", "100"));
        var whole = Rows(config, int.MaxValue, 1, 2);
        var resumed = new DatagenGenerator(config, 1, 2, TimeProvider.System);
        resumed.Seek(20);
        var rest = new List<object?[]>();
        while (resumed.HasNext) rest.Add(resumed.Next());
        Assert.Equal(whole.Skip(20).Select(r => r[0]), rest.Select(r => r[0]));
    }

    [Fact]
    public void BadOptions_AreReportedWithTheOptionName()
    {
        var schema = Schema(("a", SqlType.Int), ("b", SqlType.Boolean), ("n", SqlType.Int.WithNullable(false)));
        var errors = Errors(schema,
            ("fields.a.min", "10"), ("fields.a.max", "1"),
            ("fields.b.kind", "sequence"),
            ("fields.c.kind", "random"),
            ("fields.b.length", "3"),
            ("fields.n.null-rate", "0.1"),
            ("rows-per-second", "fast"),
            ("bogus", "1"));
        Assert.All(errors, e => Assert.Equal("BSQL4001", e.Code));
        Assert.Equal(
            new[] { "bogus", "fields.a.max", "fields.b.kind", "fields.b.length", "fields.c.kind", "fields.n.null-rate", "rows-per-second" },
            errors.Select(e => e.Option).Order(StringComparer.Ordinal));
        Assert.Contains("'fields.b.kind' = 'sequence' is not supported for BOOLEAN; use 'random'", errors.Select(e => e.Message));

        var missingEnd = Errors(Schema(("id", SqlType.BigInt)), ("fields.id.kind", "sequence"), ("fields.id.start", "1"));
        Assert.Equal("a sequence needs 'fields.id.start' and 'fields.id.end'", Assert.Single(missingEnd).Message);
    }

    [Fact]
    public void FieldOptions_MatchColumnNamesCaseInsensitively()
    {
        var config = Config(Schema(("UserId", SqlType.Int)), ("number-of-rows", "50"), ("fields.userid.min", "3"), ("fields.USERID.max", "3"));
        Assert.All(Rows(config, int.MaxValue), r => Assert.Equal(3, r[0]));
    }
}
