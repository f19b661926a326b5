using Bsql.Runtime.State.Spill;

namespace Bsql.Runtime.Tests;

public sealed class LocalJoinRightStateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void ProbeAndExpire_HotAndColdKeys_MatchAListModel(int seed)
    {
        const long retention = 1_000, bucketMs = 50;
        var random = new Random(seed);
        var state = new LocalJoinRightState(retention, bucketMs, [1, 0], () => throw new InvalidOperationException("no spill here"));
        var model = new List<(string K, long N, long Time, object?[] Row)>();
        long watermark = -1;
        for (var step = 0; step < 20_000; step++)
        {
            var time = step / 4 + random.Next(0, 30);
            // Key (column 1, column 0): one hot key holds a third of the rows (a long hash chain), the rest spread thin.
            var hot = random.Next(3) == 0;
            object?[] row = hot ? [7L, "hot", time, "x"] : [(long)random.Next(500), "k" + random.Next(50), time, null];
            state.Add(row, time);
            model.Add(((string)row[1]!, (long)row[0]!, time, row));
            if (step % 97 == 0)
            {
                watermark = Math.Max(watermark, step / 4 - 20 + retention / 2);
                state.Expire(watermark);
                // The model drops what the store drops: whole buckets whose last millisecond expired.
                model.RemoveAll(r => Floor(r.Time) * bucketMs + bucketMs - 1 + retention <= watermark);
                Assert.Equal(model.Count, state.Count);
            }
            if (step % 13 == 0)
            {
                var probe = model[random.Next(model.Count)];
                object?[] left = [probe.N, null, probe.K];
                var from = probe.Time - random.Next(0, 200);
                var to = probe.Time + random.Next(1, 200);
                var matches = new List<object?[]>();
                state.Probe(left, [2, 0], from, to, matches);
                var expected = model.Where(r => r.K == probe.K && r.N == probe.N && r.Time >= from && r.Time < to).Select(r => r.Row).ToList();
                // Same rows, in arrival order, decoded to equal values.
                Assert.Equal(expected, matches);
            }
        }
        state.Expire(long.MaxValue);
        Assert.Equal(0, state.Count);
        Assert.Equal(0, state.MemoryBytes);
    }

    [Fact]
    public void Restore_ASnapshotInTheFormatWrittenBeforeRowsWereEncoded_ProbesAndSnapshotsTheSame()
    {
        // Format 2 as the per-key-list store wrote it: keys (key values, rows as time + ValueCodec row), then segments.
        using var old = new MemoryStream();
        using (var writer = new BinaryWriter(old, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(2);
            writer.Write(2);
            State.ValueCodec.WriteRow(writer, ["r1", 5L]);
            writer.Write(2);
            writer.Write(100L);
            State.ValueCodec.WriteRow(writer, ["r1", 5L, "first"]);
            writer.Write(130L);
            State.ValueCodec.WriteRow(writer, ["r1", 5L, "second"]);
            State.ValueCodec.WriteRow(writer, ["r2", 6L]);
            writer.Write(1);
            writer.Write(110L);
            State.ValueCodec.WriteRow(writer, ["r2", 6L, "other"]);
            writer.Write(0);
        }
        var state = new LocalJoinRightState(1_000, 50, [0, 1], () => throw new InvalidOperationException("no spill"));
        using (var reader = new BinaryReader(new MemoryStream(old.ToArray()))) state.Restore(reader);
        Assert.Equal(3, state.Count);

        var matches = new List<object?[]>();
        state.Probe([5L, "r1"], [1, 0], 0, 1_000, matches);
        Assert.Equal(["first", "second"], matches.Select(m => (string)m[2]!));
        matches.Clear();
        state.Probe([6L, "r2"], [1, 0], 111, 1_000, matches);
        Assert.Empty(matches);

        using var again = new MemoryStream();
        using (var writer = new BinaryWriter(again, System.Text.Encoding.UTF8, leaveOpen: true)) state.Snapshot(writer);
        Assert.Equal(old.ToArray(), again.ToArray());
    }

    private static long Floor(long time) => time >= 0 ? time / 50 : -((-time + 49) / 50);
}
