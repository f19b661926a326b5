using System.Collections.Concurrent;
using Bsql.Planner.Types;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Tests;

public sealed class LookupBatcherTests
{
    private static readonly RowSchema Schema = new([new RowField("id", SqlType.BigInt), new RowField("name", SqlType.String)]);

    /// <summary>Answers from an oracle (even ids exist), records every batch, can fail or block.</summary>
    private sealed class FakeClient : ILookupClient
    {
        private int _inFlight;

        public RowSchema Schema => LookupBatcherTests.Schema;

        public IReadOnlyList<int> KeyColumns => [0];

        public ConcurrentQueue<long[]> Batches { get; } = new();

        public int Calls;
        public int FailuresLeft;
        public int MaxInFlight;
        public TaskCompletionSource? Gate;

        public static IReadOnlyList<object?[]> Oracle(long id) => id % 2 == 0 ? [[id, "name-" + id]] : LookupOutcome.NoRows;

        public async ValueTask<IReadOnlyList<IReadOnlyList<object?[]>>> LookupBatchAsync(IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref MaxInFlight)) < now && Interlocked.CompareExchange(ref MaxInFlight, now, seen) != seen)
            {
            }
            try
            {
                if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
                if (Interlocked.Decrement(ref FailuresLeft) >= 0) throw new IOException("injected");
                Batches.Enqueue(keys.Select(k => (long)k[0]!).ToArray());
                return keys.Select(k => Oracle((long)k[0]!)).ToArray();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static LookupOptions Options(int batchSize = 128, double lingerMs = 5, LookupCacheKind cache = LookupCacheKind.None, int retries = 0,
        LookupFailurePolicy failure = LookupFailurePolicy.Fail, int inFlight = 8) => new()
        {
            BatchSize = batchSize,
            BatchLinger = TimeSpan.FromMilliseconds(lingerMs),
            Cache = cache,
            CacheTtl = TimeSpan.FromSeconds(60),
            MaxRetries = retries,
            RetryDelay = TimeSpan.Zero,
            Failure = failure,
            MaxInFlightBatches = inFlight,
        };

    private static async Task<T> Settle<T>(Task<T> task, LookupManualTime time, TimeSpan step)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!task.IsCompleted && Environment.TickCount64 < deadline)
        {
            time.Advance(step);
            await Task.Delay(5);
        }
        return await task;
    }

    [Fact]
    public async Task NKeys_GoOutInCeilingOfNOverBatchSizeRoundTrips_MatchingTheOracle()
    {
        var time = new LookupManualTime();
        var client = new FakeClient();
        await using var batcher = new LookupBatcher(client, Options(batchSize: 128, lingerMs: 50), new LookupMetrics("dim"), time, ownsClient: false);

        var lookups = Enumerable.Range(0, 1000).Select(i => batcher.LookupAsync([(long)i]).AsTask()).ToArray();
        var outcomes = await Settle(Task.WhenAll(lookups), time, TimeSpan.FromMilliseconds(50));

        // ceil(1000 / 128) = 8; under load the batcher's loop may wake while the keys are still being queued and send
        // one partial batch early, which is one more round trip, never more.
        Assert.InRange(client.Calls, 8, 9);
        Assert.True(client.Batches.Count(b => b.Length == 128) >= 6);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), client.Batches.SelectMany(b => b).Order());
        for (var i = 0; i < 1000; i++)
        {
            var expected = FakeClient.Oracle(i);
            Assert.Equal(expected.Count == 0 ? LookupStatus.Missing : LookupStatus.Found, outcomes[i].Status);
            Assert.Equal(expected.Select(r => r[1]), outcomes[i].Rows.Select(r => r[1]));
        }
        Assert.Equal(client.Calls, batcher.Metrics.Batches);
        Assert.Equal(1000, batcher.Metrics.BatchedKeys);
    }

    [Fact]
    public async Task PartialBatch_WaitsForTheLinger_ThenGoesOut()
    {
        var time = new LookupManualTime();
        var client = new FakeClient();
        await using var batcher = new LookupBatcher(client, Options(batchSize: 10, lingerMs: 100), new LookupMetrics("dim"), time, ownsClient: false);

        var lookups = Enumerable.Range(0, 3).Select(i => batcher.LookupAsync([(long)i]).AsTask()).ToArray();
        await Task.Delay(100);
        Assert.Equal(0, client.Calls); // the clock has not moved: the batch is still lingering

        await Settle(Task.WhenAll(lookups), time, TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, client.Calls);
        Assert.Equal([0L, 1L, 2L], client.Batches.Single().Order());
    }

    [Fact]
    public async Task Flush_SendsThePartialBatchWithoutWaitingOutTheLinger_LaterKeysLingerAgain()
    {
        var time = new LookupManualTime();
        var client = new FakeClient();
        await using var batcher = new LookupBatcher(client, Options(batchSize: 10, lingerMs: 100), new LookupMetrics("dim"), time, ownsClient: false);

        var first = Enumerable.Range(0, 3).Select(i => batcher.LookupAsync([(long)i]).AsTask()).ToArray();
        batcher.Flush();
        // The clock never moves: only the flush can have sent the batch.
        await Task.WhenAll(first).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0L, 1L, 2L], client.Batches.Single().Order());

        var second = Enumerable.Range(3, 2).Select(i => batcher.LookupAsync([(long)i]).AsTask()).ToArray();
        await Task.Delay(100);
        Assert.Equal(1, client.Calls); // no new flush: the next partial batch lingers
        await Settle(Task.WhenAll(second), time, TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, client.Calls);
    }

    [Fact]
    public async Task IdenticalKeys_AreFetchedOnce()
    {
        var client = new FakeClient { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 1), new LookupMetrics("dim"), ownsClient: false);

        var lookups = Enumerable.Range(0, 50).Select(i => batcher.LookupAsync([(long)(i % 5) * 2]).AsTask()).ToList();
        // A key already in flight is merged too, not only keys in the same batch.
        await Task.Delay(50);
        lookups.AddRange(Enumerable.Range(0, 5).Select(i => batcher.LookupAsync([(long)i * 2]).AsTask()));
        client.Gate.SetResult();
        var outcomes = await Task.WhenAll(lookups);

        Assert.Equal(5, client.Batches.Sum(b => b.Length));
        Assert.All(outcomes, o => Assert.Equal(LookupStatus.Found, o.Status));
        Assert.Equal(lookups.Count, batcher.Metrics.Requests);
    }

    [Fact]
    public async Task Cache_AnswersRepeatedKeys_UntilTheTtlExpires_MissesIncluded()
    {
        var time = new LookupManualTime();
        var client = new FakeClient();
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 0, cache: LookupCacheKind.Lru), new LookupMetrics("dim"), time, ownsClient: false);

        Assert.Equal(LookupStatus.Found, (await batcher.LookupAsync([2L])).Status);
        Assert.Equal(LookupStatus.Missing, (await batcher.LookupAsync([3L])).Status);
        Assert.Equal(2, client.Calls);

        var again = await batcher.LookupAsync([2L]);
        Assert.Equal("name-2", again.Rows[0][1]);
        Assert.Equal(LookupStatus.Missing, (await batcher.LookupAsync([3L])).Status);
        Assert.Equal(2, client.Calls);
        Assert.Equal(2, batcher.Metrics.CacheHits);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(LookupStatus.Found, (await batcher.LookupAsync([2L])).Status);
        Assert.Equal(LookupStatus.Missing, (await batcher.LookupAsync([3L])).Status);
        Assert.Equal(4, client.Calls);
        Assert.Equal(4, batcher.Metrics.CacheMisses);
    }

    [Fact]
    public async Task FailedRoundTrip_IsRetried_AndSucceeds()
    {
        var client = new FakeClient { FailuresLeft = 2 };
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 0, retries: 3), new LookupMetrics("dim"), ownsClient: false);

        var outcome = await batcher.LookupAsync([4L]);

        Assert.Equal(LookupStatus.Found, outcome.Status);
        Assert.Equal(3, client.Calls);
    }

    [Fact]
    public async Task ExhaustedRetries_FailEveryKeyOfTheBatch_WithThePolicy()
    {
        var client = new FakeClient { FailuresLeft = int.MaxValue };
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 0, retries: 2, failure: LookupFailurePolicy.DeadLetter), new LookupMetrics("dim"), ownsClient: false);

        var outcome = await batcher.LookupAsync([4L]);

        Assert.Equal(LookupStatus.Failed, outcome.Status);
        Assert.Equal(LookupFailurePolicy.DeadLetter, outcome.Policy);
        Assert.IsType<IOException>(outcome.Error);
        Assert.Equal(3, client.Calls); // the first attempt and two retries
        Assert.Equal(1, batcher.Metrics.Failures);

        // A failure is not cached: the next lookup of the key asks again.
        client.FailuresLeft = 0;
        Assert.Equal(LookupStatus.Found, (await batcher.LookupAsync([4L])).Status);
    }

    [Fact]
    public async Task InFlightBatches_AreBounded_AndCallersWaitWhenTheQueueIsFull()
    {
        var client = new FakeClient { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var batcher = new LookupBatcher(client, Options(batchSize: 2, lingerMs: 0, inFlight: 2), new LookupMetrics("dim"), ownsClient: false);

        var lookups = Enumerable.Range(0, 40).Select(i => batcher.LookupAsync([(long)i])).ToArray();
        await Task.Delay(100);

        Assert.Equal(2, client.Calls);
        Assert.Equal(2, client.MaxInFlight);
        Assert.Contains(lookups, l => !l.IsCompleted);

        client.Gate.SetResult();
        foreach (var lookup in lookups) await lookup;
        Assert.Equal(2, client.MaxInFlight);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), client.Batches.SelectMany(b => b).Order());
        Assert.All(client.Batches, b => Assert.InRange(b.Length, 1, 2));
    }

    [Fact]
    public async Task KeysOfAnotherIntegerType_AreNormalizedToTheKeyColumnType_AndMerged()
    {
        var client = new FakeClient { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 1), new LookupMetrics("dim"), ownsClient: false);

        var asInt = batcher.LookupAsync([4]).AsTask();
        var asLong = batcher.LookupAsync([4L]).AsTask();
        client.Gate.SetResult();

        Assert.Equal("name-4", (await asInt).Rows[0][1]);
        Assert.Equal("name-4", (await asLong).Rows[0][1]);
        Assert.Equal([4L], client.Batches.Single());
    }

    [Fact]
    public async Task KeyWithNull_IsAMiss_WithoutARoundTrip()
    {
        var client = new FakeClient();
        await using var batcher = new LookupBatcher(client, Options(lingerMs: 0), new LookupMetrics("dim"), ownsClient: false);

        var outcome = await batcher.LookupAsync([null]);

        Assert.Equal(LookupStatus.Missing, outcome.Status);
        Assert.Equal(0, client.Calls);
    }
}
