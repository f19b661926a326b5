using System.Buffers;
using System.Text;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Formats.Json;

namespace Bsql.Runtime.Tests;

/// <summary>The JSON format's fast paths agree with its general ones.</summary>
public sealed class JsonFormatTests
{
    private static readonly RowSchema Events = new([
        new RowField("id", SqlType.BigInt), new RowField("n", SqlType.Int), new RowField("device", SqlType.String),
        new RowField("user", SqlType.String), new RowField("ts", SqlType.Timestamp(3)),
    ]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Timestamps_AreWrittenAsTheTextFormatWritesThem(bool iso)
    {
        var schema = new RowSchema([new RowField("ts", SqlType.Timestamp(3))]);
        var encoder = new JsonRowEncoder(schema, iso);
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            // Whole milliseconds (the fast path) most of the time, sub-millisecond values (the general path) sometimes.
            if (i % 4 != 0) ticks -= ticks % TimeSpan.TicksPerMillisecond;
            var kind = (i % 3) switch { 0 => DateTimeKind.Unspecified, 1 => DateTimeKind.Utc, _ => DateTimeKind.Local };
            var value = new DateTime(ticks, kind);
            var expected = new StringBuilder();
            TextValues.Append(expected, value, iso);
            Assert.Equal($$"""{"ts":"{{expected}}"}""", Encode(encoder, [value]));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RepeatedTimestamps_AreWrittenAsTheTextFormatWritesThem(bool iso)
    {
        // The encoder keeps the last timestamp's text: repeats, the same instant of another kind, and other values in between.
        var schema = new RowSchema([new RowField("ts", SqlType.Timestamp(3)), new RowField("n", SqlType.BigInt)]);
        var encoder = new JsonRowEncoder(schema, iso);
        var t = new DateTime(2024, 2, 29, 23, 59, 59, 7);
        DateTime[] values =
        [
            t, t, DateTime.SpecifyKind(t, DateTimeKind.Utc), DateTime.SpecifyKind(t, DateTimeKind.Utc), t, t.AddMilliseconds(1),
            t, new DateTime(1, 1, 1), new DateTime(9999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc), t,
        ];
        foreach (var value in values)
        {
            var expected = new StringBuilder();
            TextValues.Append(expected, value, iso);
            Assert.Equal($$"""{"ts":"{{expected}}","n":1}""", Encode(encoder, [value, 1L]));
        }
    }

    [Fact]
    public void Timestamp_WholeMilliseconds_UsesTheSqlLayout()
    {
        var schema = new RowSchema([new RowField("ts", SqlType.Timestamp(3))]);
        Assert.Equal("""{"ts":"0987-03-04 05:06:07.089"}""", Encode(new JsonRowEncoder(schema, false), [new DateTime(987, 3, 4, 5, 6, 7, 89)]));
        Assert.Equal("""{"ts":"2024-01-31T23:59:59.999Z"}""",
            Encode(new JsonRowEncoder(schema, true), [new DateTime(2024, 1, 31, 23, 59, 59, 999, DateTimeKind.Utc)]));
    }

    [Fact]
    public void Records_DecodeToTheSameValues_WhateverTheStringCacheDoes()
    {
        var decoder = new JsonRowDecoder(Events, failOnMissingField: false);
        string[] devices = ["mobile", "desktop", "tablet", "tv", "caf\u00e9", "a\"b"];
        var random = new Random(3);
        var row = new object?[Events.Count];
        // 20,000 records: the device column repeats (cached), the user column hardly ever does (the cache turns itself off).
        for (var i = 0; i < 20_000; i++)
        {
            var device = devices[random.Next(devices.Length)];
            var user = "user-" + random.Next(1_000_000);
            long id = random.Next(-2000, 2000);
            var n = random.Next(-200, 2000);
            var json = $$"""{"id":{{id}},"n":{{n}},"device":{{System.Text.Json.JsonSerializer.Serialize(device)}},"user":"{{user}}","ts":"2024-01-31 12:00:00.{{i % 1000:D3}}"}""";
            Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes(json), row, out var error), error);
            Assert.Equal(id, row[0]);
            Assert.Equal(n, row[1]);
            Assert.Equal(device, row[2]);
            Assert.Equal(user, row[3]);
            Assert.Equal(new DateTime(2024, 1, 31, 12, 0, 0, i % 1000), row[4]);
        }
    }

    [Fact]
    public void Comments_AreSkipped_AndBadRecordsStillFail()
    {
        var decoder = new JsonRowDecoder(Events, failOnMissingField: false);
        var row = new object?[Events.Count];
        Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes("{\"id\":1, /* the device */ \"device\":\"tv\" // end\n}"), row, out var error), error);
        Assert.Equal(1L, row[0]);
        Assert.Equal("tv", row[2]);

        Assert.False(decoder.TryDecode("""{"id":1, "device":"/tv" """u8, row, out error));
        Assert.NotNull(error);
        Assert.False(decoder.TryDecode("""{"id":"x1"}"""u8, row, out error));
        Assert.Contains("field 'id'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_InARepeatedStringColumn_IsRejected()
    {
        var decoder = new JsonRowDecoder(Events, failOnMissingField: false);
        var row = new object?[Events.Count];
        for (var i = 0; i < 10; i++) Assert.True(decoder.TryDecode("""{"device":"tv"}"""u8, row, out _));
        byte[] bad = [.. """{"device":"t"""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.False(decoder.TryDecode(bad, row, out var error));
        Assert.NotNull(error);
    }

    private static string Encode(JsonRowEncoder encoder, object?[] row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encoder.Encode(row, RowKind.Insert, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
