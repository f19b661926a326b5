using Bsql.Runtime.State.Spill;

namespace Bsql.Runtime.Tests;

public sealed class FireTimeBucketStoreTests
{
    [Theory]
    [InlineData(1, 100L)]
    [InlineData(2, 7L)]
    [InlineData(3, 2_000_000L)]
    public void PopDue_AfterSpillsAndLateAdds_GivesEveryRowInFireTimeThenArrivalOrder(int seed, long bucketMs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bsql-ftb-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var random = new Random(seed);
            var store = new FireTimeBucketStore(bucketMs, () => dir);
            var added = new List<(long Time, long Seq, string Text)>();
            long seq = 0, watermark = -1;
            var popped = new List<TimedRow>();
            for (var step = 0; step < 6000; step++)
            {
                // Fire times ahead of the watermark, with many ties (few distinct milliseconds).
                var time = watermark + 1 + random.Next(0, 40) * 5;
                var text = "row" + step;
                store.Add(time, seq, [text, (long)step, null]);
                added.Add((time, seq++, text));
                if (step % 500 == 250) store.SpillFarthest(store.MemoryBytes / 3, watermark);
                if (step % 300 == 299)
                {
                    watermark += 60;
                    while (store.PopDue(watermark, popped, 5, out _))
                    {
                    }
                }
            }
            while (store.PopDue(long.MaxValue, popped, 5, out _))
            {
            }

            Assert.True(store.SpilledRows > 0);
            Assert.Equal(0, store.Count);
            Assert.Equal(0, store.MemoryBytes);
            Assert.Equal(added.Count, popped.Count);
            // Every row exactly once, with its fire time, decoded into the asked width.
            Assert.Equal(added.OrderBy(a => a.Seq).Select(a => a.Text), popped.OrderBy(p => p.Seq).Select(p => (string)p.Row[0]!));
            Assert.All(popped, p => Assert.Equal(5, p.Row.Length));
            Assert.All(popped, p => Assert.Equal(added[(int)p.Seq].Time, p.Time));
            // A row added in a later round fires after the last watermark, so the whole sequence is in (time, seq) order.
            for (var i = 1; i < popped.Count; i++)
            {
                var (a, b) = (popped[i - 1], popped[i]);
                Assert.True(a.Time < b.Time || (a.Time == b.Time && a.Seq < b.Seq), $"out of (time, arrival) order at {i}: ({a.Time}, {a.Seq}) before ({b.Time}, {b.Seq})");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Restore_ASnapshotInTheFormatWrittenBeforeRowsWereEncoded_GivesTheRowsBackAndSnapshotsTheSameBytes()
    {
        // Format 1 as the object-row store wrote it: buckets (index, segment path, length, rows, in-memory rows as
        // time, seq, ValueCodec row). The encoded store must read it and write the very same bytes back.
        using var old = new MemoryStream();
        using (var writer = new BinaryWriter(old, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1);
            writer.Write(2);
            foreach (var (index, rows) in new[] { (3L, new[] { (305L, 7L, "a"), (301L, 9L, "b") }), (5L, new[] { (500L, 8L, "c") }) })
            {
                writer.Write(index);
                writer.Write("");
                writer.Write(0L);
                writer.Write(0);
                writer.Write(rows.Length);
                foreach (var (time, seq, text) in rows)
                {
                    writer.Write(time);
                    writer.Write(seq);
                    State.ValueCodec.WriteRow(writer, [text, seq * 10, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMilliseconds(time)]);
                }
            }
        }
        var store = new FireTimeBucketStore(100, () => throw new InvalidOperationException("no spill"));
        using (var reader = new BinaryReader(new MemoryStream(old.ToArray()))) store.Restore(reader);
        Assert.Equal(3, store.Count);

        using var again = new MemoryStream();
        using (var writer = new BinaryWriter(again, System.Text.Encoding.UTF8, leaveOpen: true)) store.Snapshot(writer);
        Assert.Equal(old.ToArray(), again.ToArray());

        var popped = new List<TimedRow>();
        while (store.PopDue(long.MaxValue, popped, 0, out _))
        {
        }
        Assert.Equal(["b", "a", "c"], popped.Select(p => (string)p.Row[0]!));
        Assert.Equal([90L, 70L, 80L], popped.Select(p => (long)p.Row[1]!));
    }
}
