using Bsql.Runtime.State;
using Bsql.Runtime.State.Spill;

namespace Bsql.Runtime.Tests;

public sealed class RowRecordCodecTests
{
    public static TheoryData<int> Rows() => new() { 0, 1, 2, 3, 4 };

    private static object?[] Row(int which) => which switch
    {
        0 => ["r0000000001", "u42", 123_456L, "home", new DateTime(2026, 1, 1, 0, 0, 1, 5, DateTimeKind.Unspecified)],
        1 => [null, true, false, -7, 3.25, "", new DateTime(2026, 11, 22, 5, 0, 0, DateTimeKind.Utc)],
        // A string longer than 127 UTF-8 bytes (two-byte length prefix) and non-ASCII text.
        2 => [new string('x', 300), "héllo wörld ☃", long.MinValue, int.MaxValue],
        // Values the codec leaves to ValueCodec: decimal, short, bytes, nested array, map; mixed with the fast ones.
        3 => [1.5m, (short)3, new byte[] { 1, 2, 3 }, new object?[] { "a", 1L }, new Dictionary<object, object?> { ["k"] = 2L }, "tail", 9L],
        _ => [],
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Encode_WritesExactlyWhatBinaryWriterAndValueCodecWrite(int which)
    {
        var row = Row(which);
        var codec = new RowRecordCodec();
        codec.Encode(1_767_225_600_123, 77, row);

        using var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1_767_225_600_123L);
            writer.Write(77L);
            ValueCodec.WriteRow(writer, row);
        }
        Assert.Equal(expected.ToArray(), codec.Encoded.ToArray());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decode_AfterOtherRecords_GivesTheRowBackAndTheRecordLength(int which)
    {
        var row = Row(which);
        var codec = new RowRecordCodec();
        var buffer = new List<byte>();
        codec.Encode(1, 2, Row(0));
        buffer.AddRange(codec.Encoded.ToArray());
        var offset = buffer.Count;
        codec.Encode(-5, 9, row);
        var length = codec.EncodedLength;
        buffer.AddRange(codec.Encoded.ToArray());
        buffer.AddRange(new byte[] { 0xFF, 0xFF });
        var data = buffer.ToArray();

        Assert.Equal(length, RowRecordCodec.Measure(data, offset, out var mt, out var ms));
        Assert.Equal((-5L, 9L), (mt, ms));
        Assert.Equal(length, RowRecordCodec.Decode(data, offset, row.Length + 3, out var time, out var seq, out var decoded));
        Assert.Equal((-5L, 9L), (time, seq));
        Assert.Equal(row.Length + 3, decoded.Length);
        Assert.Equal(row, decoded[..row.Length]);
        Assert.All(decoded[row.Length..], Assert.Null);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is DateTime dt) Assert.Equal(dt.Kind, ((DateTime)decoded[i]!).Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EncodeFramed_WritesTheRightSegmentRecord_TimeHashLengthRow(int which)
    {
        var row = Row(which);
        var codec = new RowRecordCodec();
        codec.EncodeFramed(-42, 0xFEDC_BA98_7654_3210UL, row);

        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)) ValueCodec.WriteRow(writer, row);
        using var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(-42L);
            writer.Write(0xFEDC_BA98_7654_3210UL);
            writer.Write((int)body.Length);
            writer.Write(body.ToArray());
        }
        Assert.Equal(expected.ToArray(), codec.Encoded.ToArray());
        var data = codec.Encoded.ToArray();
        Assert.Equal(data.Length, RowRecordCodec.DecodeRow(data, RowRecordCodec.FramedHeader, 0, out var decoded));
        Assert.Equal(row, decoded);
    }
}
