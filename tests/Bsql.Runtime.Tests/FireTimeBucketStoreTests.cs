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
}
