using System.Text.Json;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.HBase;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupCodecTests
{
    public static TheoryData<object, SqlType, string> HBaseBinaryVectors => new()
    {
        // Expected bytes are what org.apache.hadoop.hbase.util.Bytes.toBytes produces.
        { 1, SqlType.Int, "00000001" },
        { -2, SqlType.Int, "FFFFFFFE" },
        { 1L, SqlType.BigInt, "0000000000000001" },
        { (short)258, SqlType.Of(SqlTypeKind.SmallInt), "0102" },
        { (sbyte)-1, SqlType.Of(SqlTypeKind.TinyInt), "FF" },
        { true, SqlType.Boolean, "FF" },
        { false, SqlType.Boolean, "00" },
        { 1.0, SqlType.Double, "3FF0000000000000" },
        { 1.5f, SqlType.Of(SqlTypeKind.Float), "3FC00000" },
        { "héllo", SqlType.String, "68C3A96C6C6F" },
        { 123.45m, SqlType.Decimal(10, 2), "000000023039" },
        { -1.5m, SqlType.Decimal(10, 1), "00000001F1" },
        { new DateOnly(1970, 1, 2), SqlType.Date, "00000001" },
        { new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Unspecified), SqlType.Timestamp(3), "00000000000003E8" },
    };

    [Theory]
    [MemberData(nameof(HBaseBinaryVectors))]
    public void HBaseBinaryCells_MatchBytesToBytes_AndReadBack(object value, SqlType type, string hex)
    {
        var bytes = HBaseBytes.ToBytes(value, type);

        Assert.Equal(hex, Convert.ToHexString(bytes));
        Assert.Equal(value, HBaseBytes.FromBytes(bytes, type));
    }

    [Fact]
    public void HBaseBinaryCell_OfTheWrongWidth_IsAFormatError() =>
        Assert.Throws<FormatException>(() => HBaseBytes.FromBytes(new byte[3], SqlType.Int));

    [Fact]
    public void HBaseTextCells_AreUtf8TextOfTheValue()
    {
        Assert.Equal("42", System.Text.Encoding.UTF8.GetString(HBaseBytes.ToBytes(42L, SqlType.BigInt, HBaseValueEncoding.Text)));
        Assert.Equal(42L, HBaseBytes.FromBytes("42"u8, SqlType.BigInt, HBaseValueEncoding.Text));
        Assert.Equal(2.5, HBaseBytes.FromBytes("2.5"u8, SqlType.Double, HBaseValueEncoding.Text));
        Assert.Equal(new DateTime(2024, 1, 31, 12, 0, 0, DateTimeKind.Unspecified), HBaseBytes.FromBytes("2024-01-31 12:00:00.000"u8, SqlType.Timestamp(3), HBaseValueEncoding.Text));
    }

    public static TheoryData<object, SqlType> TextValues => new()
    {
        { true, SqlType.Boolean },
        { (sbyte)-3, SqlType.Of(SqlTypeKind.TinyInt) },
        { 12, SqlType.Int },
        { long.MinValue, SqlType.BigInt },
        { 0.1, SqlType.Double },
        { 3.25f, SqlType.Of(SqlTypeKind.Float) },
        { 1234.5678m, SqlType.Decimal(12, 4) },
        { "a:b c", SqlType.String },
        { new byte[] { 0, 255, 7 }, SqlType.Bytes },
        { new DateOnly(2024, 2, 29), SqlType.Date },
        { new TimeOnly(13, 14, 15, 16), SqlType.Of(SqlTypeKind.Time) },
        { new DateTime(2024, 1, 31, 12, 0, 0, 123, DateTimeKind.Unspecified), SqlType.Timestamp(3) },
        { new DateTime(2024, 1, 31, 12, 0, 0, 123, DateTimeKind.Utc), SqlType.TimestampLtz(3) },
    };

    [Theory]
    [MemberData(nameof(TextValues))]
    public void TextForm_ReadsBackToTheSameValue(object value, SqlType type)
    {
        var back = LookupValueCodec.ParseText(LookupValueCodec.FormatText(value, type), type);

        Assert.Equal(value, back);
        if (back is DateTime dt) Assert.Equal(((DateTime)value).Kind, dt.Kind);
    }

    [Fact]
    public void JsonObject_DecodesIntoTheSchemasTypes_AbsentAndNullColumnsAreNull()
    {
        var schema = new RowSchema([
            new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String), new RowField("score", SqlType.Double),
            new RowField("since", SqlType.Timestamp(3)), new RowField("tags", SqlType.Array(SqlType.String)),
            new RowField("addr", SqlType.Row([new RowField("city", SqlType.String), new RowField("zip", SqlType.Int)])),
            new RowField("missing", SqlType.Int),
        ]);
        using var json = JsonDocument.Parse("""{"ID":7,"name":null,"score":"2.5","since":"2024-01-31 12:00:00.000","tags":["a","b"],"addr":{"city":"Oslo","zip":150}}""");

        var row = LookupValueCodec.RowFromJson(json.RootElement, schema);

        Assert.Equal(7L, row[0]);
        Assert.Null(row[1]);
        Assert.Equal(2.5, row[2]);
        Assert.Equal(new DateTime(2024, 1, 31, 12, 0, 0), row[3]);
        Assert.Equal(new object?[] { "a", "b" }, (object?[])row[4]!);
        Assert.Equal(new object?[] { "Oslo", 150 }, (object?[])row[5]!);
        Assert.Null(row[6]);
    }

    [Fact]
    public void DriverValues_AreCoercedToRuntimeRepresentations()
    {
        Assert.Equal(5L, LookupValueCodec.Coerce(5, SqlType.BigInt));
        Assert.Equal(5, LookupValueCodec.Coerce(5L, SqlType.Int));
        Assert.Null(LookupValueCodec.Coerce(DBNull.Value, SqlType.String));
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)LookupValueCodec.Coerce(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), SqlType.Timestamp(3))!).Kind);
        Assert.Equal(new TimeOnly(1, 2, 3), LookupValueCodec.Coerce(new TimeSpan(1, 2, 3), SqlType.Of(SqlTypeKind.Time)));
    }

    [Fact]
    public void HBaseRows_MapRowKeyAndFamilies_AsFlinkDoes()
    {
        var schema = new RowSchema([
            new RowField("rowkey", SqlType.String),
            new RowField("info", SqlType.Row([new RowField("name", SqlType.String), new RowField("age", SqlType.Int)])),
            new RowField("stats", SqlType.Row([new RowField("clicks", SqlType.BigInt)])),
        ]);
        var mapper = new HBaseRowMapper(schema, HBaseValueEncoding.Binary);

        var hbaseRow = mapper.Encode(["u1", new object?[] { "Ann", null }, new object?[] { 9L }]);

        Assert.Equal("u1"u8.ToArray(), hbaseRow.Key);
        Assert.Equal(["info:name", "stats:clicks"], hbaseRow.Cells.Select(c => System.Text.Encoding.UTF8.GetString(c.Column)));
        var back = mapper.Decode(hbaseRow with { Cells = [.. hbaseRow.Cells, new HBaseCell("other:x"u8.ToArray(), 1, [1])] });
        Assert.Equal("u1", back[0]);
        Assert.Equal(new object?[] { "Ann", null }, (object?[])back[1]!);
        Assert.Equal(new object?[] { 9L }, (object?[])back[2]!);
        Assert.Equal("BSQL4001", Assert.Throws<Bsql.Runtime.Execution.BsqlRuntimeException>(() =>
            new HBaseRowMapper(new RowSchema([new RowField("a", SqlType.String), new RowField("b", SqlType.Int)]), HBaseValueEncoding.Binary)).Code);
    }

    [Fact]
    public void HBaseCellSets_RoundTripThroughTheRestJsonForm()
    {
        HBaseRow[] rows = [new("k\0/1"u8.ToArray(), [new HBaseCell("cf:a"u8.ToArray(), 17, [0, 1, 255])]), new("k2"u8.ToArray(), [])];

        var json = HBaseCellSetJson.Write(rows);
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("Row")[0];
        Assert.Equal(Convert.ToBase64String("k\0/1"u8), first.GetProperty("key").GetString());
        Assert.Equal(Convert.ToBase64String("cf:a"u8), first.GetProperty("Cell")[0].GetProperty("column").GetString());
        Assert.Equal(17, first.GetProperty("Cell")[0].GetProperty("timestamp").GetInt64());
        Assert.Equal("AAH/", first.GetProperty("Cell")[0].GetProperty("$").GetString());

        var back = HBaseCellSetJson.Read(json);
        Assert.Equal(rows[0].Key, back[0].Key);
        Assert.Equal(rows[0].Cells[0].Value, back[0].Cells[0].Value);
        Assert.Empty(back[1].Cells);
        Assert.Equal("k%00%2F1", HBaseRestClient.EscapeKey("k\0/1"u8));
    }

    [Fact]
    public void HealthWindow_ForgetsOldEvidence()
    {
        var time = new LookupManualTime();
        var health = new HBaseClusterHealth(TimeSpan.FromSeconds(2), 20, time);
        for (var i = 0; i < 10; i++) health.Record(TimeSpan.FromMilliseconds(4), failed: i % 2 == 0);

        Assert.Equal((10L, 5L, 4.0), health.Snapshot());
        time.Advance(TimeSpan.FromSeconds(1));
        health.Record(TimeSpan.FromMilliseconds(10), failed: false);
        Assert.Equal((11L, 5L, 50.0 / 11), health.Snapshot());
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal((1L, 0L, 10.0), health.Snapshot());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0L, 0L, 0.0), health.Snapshot());
    }
}
