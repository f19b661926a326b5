using System.Threading.Channels;
using Polly;
using Polly.Retry;

namespace Bsql.Runtime.Lookup;

/// <summary>
/// Turns single-key lookups into batched round trips of an <see cref="ILookupClient"/>:
/// a key is answered from the <see cref="LookupCache"/> when possible, merged with an identical key already
/// waiting or in flight, otherwise queued; a background loop sends a batch when it holds
/// <see cref="LookupOptions.BatchSize"/> keys or when its oldest key has waited <see cref="LookupOptions.BatchLinger"/>.
/// At most <see cref="LookupOptions.MaxInFlightBatches"/> batches are in flight; beyond that the queue fills and
/// <see cref="LookupAsync"/> waits (backpressure). A failed round trip is retried <see cref="LookupOptions.MaxRetries"/>
/// times (Polly), then every key of the batch gets a <see cref="LookupStatus.Failed"/> outcome carrying the
/// <see cref="LookupOptions.Failure"/> policy for the operator to apply.
/// </summary>
public sealed class LookupBatcher : IAsyncDisposable
{
    private readonly ILookupClient _client;
    private readonly LookupOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<LookupKey> _queue;
    private readonly Dictionary<LookupKey, TaskCompletionSource<LookupOutcome>> _pending = new();
    private readonly Lock _pendingLock = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _ownsClient;
    private readonly Bsql.Planner.Types.SqlType[] _keyTypes;
    // Flush requests: keys are numbered as they enter the queue (_enqueued) and as the loop takes them (_taken); a
    // flush asks that every key enqueued so far leave without waiting out the linger.
    private readonly SemaphoreSlim _flushSignal = new(0);
    private long _enqueued;
    private long _taken;
    private long _flushUpTo;
    private long _sentUpTo;

    /// <summary>Starts a batcher over <paramref name="client"/>; it disposes the client when <paramref name="ownsClient"/>.</summary>
    public LookupBatcher(ILookupClient client, LookupOptions options, LookupMetrics metrics, TimeProvider? time = null, bool ownsClient = true)
    {
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _ownsClient = ownsClient;
        _keyTypes = client.KeyColumns.Select(k => client.Schema[k].Type).ToArray();
        Metrics = metrics;
        Cache = options.Cache == LookupCacheKind.Lru ? new LookupCache(options.CacheMaxRows, options.CacheTtl, _time) : null;
        _queue = Channel.CreateBounded<LookupKey>(new BoundedChannelOptions(options.BatchSize * options.MaxInFlightBatches)
        {
            // Not SingleReader: the linger loop may leave a WaitToReadAsync pending while it starts another.
            FullMode = BoundedChannelFullMode.Wait,
        });
        _inFlight = new SemaphoreSlim(options.MaxInFlightBatches, options.MaxInFlightBatches);
        _retry = BuildRetryPipeline(options, _time);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The client the batches go to.</summary>
    public ILookupClient Client => _client;

    /// <summary>The options in force.</summary>
    public LookupOptions Options => _options;

    /// <summary>The cache, or null for <c>lookup.cache = NONE</c>.</summary>
    public LookupCache? Cache { get; }

    /// <summary>The table's metrics.</summary>
    public LookupMetrics Metrics { get; }

    /// <summary>Looks up one key (values in <see cref="ILookupClient.KeyColumns"/> order).</summary>
    public ValueTask<LookupOutcome> LookupAsync(object?[] key, CancellationToken cancellationToken = default)
    {
        Metrics.RecordRequest();
        var lookupKey = new LookupKey(NormalizeKey(key));
        if (lookupKey.HasNull) return new(LookupOutcome.FromRows(LookupOutcome.NoRows));
        if (Cache is not null)
        {
            var hit = Cache.TryGet(lookupKey, out var cached);
            Metrics.RecordCache(hit);
            if (hit) return new(LookupOutcome.FromRows(cached));
        }

        TaskCompletionSource<LookupOutcome> pending;
        lock (_pendingLock)
        {
            if (_pending.TryGetValue(lookupKey, out var existing)) return new(existing.Task.WaitAsync(cancellationToken));
            pending = new TaskCompletionSource<LookupOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Add(lookupKey, pending);
        }
        if (_queue.Writer.TryWrite(lookupKey))
        {
            Interlocked.Increment(ref _enqueued);
            return new(pending.Task.WaitAsync(cancellationToken));
        }
        return EnqueueSlowAsync(lookupKey, pending, cancellationToken);
    }

    /// <summary>
    /// Sends the keys queued so far without waiting out <see cref="LookupOptions.BatchLinger"/>: a caller that will
    /// add no key before these are answered (a lookup join waiting for its rows) calls it, so a partial batch does
    /// not wait for keys that cannot come.
    /// </summary>
    public void Flush()
    {
        var upTo = Interlocked.Read(ref _enqueued);
        long seen;
        do
        {
            seen = Interlocked.Read(ref _flushUpTo);
            if (upTo <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _flushUpTo, upTo, seen) != seen);
        if (_flushSignal.CurrentCount == 0) _flushSignal.Release();
    }

    private bool FlushDue()
    {
        var upTo = Interlocked.Read(ref _flushUpTo);
        return upTo > Interlocked.Read(ref _sentUpTo) && Interlocked.Read(ref _taken) >= upTo;
    }

    /// <summary>Stops the loop; lookups still waiting fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        // Wait for the batches in flight, so the client is not disposed under them.
        for (var i = 0; i < _options.MaxInFlightBatches; i++) await _inFlight.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_pendingLock)
        {
            foreach (var pending in _pending.Values) pending.TrySetException(new ObjectDisposedException(nameof(LookupBatcher)));
            _pending.Clear();
        }
        if (_ownsClient) await _client.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _inFlight.Dispose();
        _flushSignal.Dispose();
    }

    /// <summary>
    /// Brings key values to the key columns' runtime types (an INT expression against a BIGINT column gives a
    /// <see cref="long"/>), so that identical keys merge and cache as one and match the values the store returns.
    /// </summary>
    private object?[] NormalizeKey(object?[] key)
    {
        object?[]? normalized = null;
        for (var i = 0; i < key.Length && i < _keyTypes.Length; i++)
        {
            var value = LookupValueCodec.Coerce(key[i], _keyTypes[i]);
            if (ReferenceEquals(value, key[i])) continue;
            normalized ??= (object?[])key.Clone();
            normalized[i] = value;
        }
        return normalized ?? key;
    }

    private async ValueTask<LookupOutcome> EnqueueSlowAsync(LookupKey key, TaskCompletionSource<LookupOutcome> pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(key, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _enqueued);
        }
        catch (Exception error)
        {
            // Nobody will send the key: fail it for whoever merged with it, and forget it.
            lock (_pendingLock) _pending.Remove(key);
            pending.TrySetException(error);
            throw;
        }
        return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var reader = _queue.Reader;
        var batch = new List<LookupKey>(_options.BatchSize);
        while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
        {
            Drain(reader, batch);
            if (batch.Count < _options.BatchSize && _options.BatchLinger > TimeSpan.Zero)
            {
                using var lingerEnd = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var linger = Task.Delay(_options.BatchLinger, _time, lingerEnd.Token);
                while (batch.Count < _options.BatchSize && !FlushDue())
                {
                    var more = reader.WaitToReadAsync(stop).AsTask();
                    var flush = _flushSignal.WaitAsync(lingerEnd.Token);
                    var first = await Task.WhenAny(more, linger, flush).ConfigureAwait(false);
                    if (first == linger || first == more && !await more.ConfigureAwait(false)) break;
                    Drain(reader, batch);
                }
                await lingerEnd.CancelAsync().ConfigureAwait(false);
            }
            await _inFlight.WaitAsync(stop).ConfigureAwait(false);
            var keys = batch.ToArray();
            batch.Clear();
            Interlocked.Exchange(ref _sentUpTo, Interlocked.Read(ref _taken));
            _ = SendAsync(keys);
        }
    }

    private void Drain(ChannelReader<LookupKey> reader, List<LookupKey> batch)
    {
        while (batch.Count < _options.BatchSize && reader.TryRead(out var key))
        {
            batch.Add(key);
            Interlocked.Increment(ref _taken);
        }
    }

    private async Task SendAsync(LookupKey[] keys)
    {
        try
        {
            Metrics.RecordBatch(keys.Length);
            var values = new object?[keys.Length][];
            for (var i = 0; i < keys.Length; i++) values[i] = keys[i].Values;
            IReadOnlyList<IReadOnlyList<object?[]>> results;
            try
            {
                results = await _retry.ExecuteAsync(
                    static async (state, token) => await state.Client.LookupBatchAsync(state.Values, token).ConfigureAwait(false),
                    (Client: _client, Values: values), _stop.Token).ConfigureAwait(false);
                if (results.Count != keys.Length)
                {
                    throw new InvalidOperationException($"lookup client {_client.GetType().Name} answered {results.Count} results for {keys.Length} keys");
                }
            }
            catch (Exception error)
            {
                Metrics.RecordFailures(keys.Length);
                var failure = LookupOutcome.Failure(error, _options.Failure);
                for (var i = 0; i < keys.Length; i++) Complete(keys[i], failure);
                return;
            }
            for (var i = 0; i < keys.Length; i++)
            {
                Cache?.Put(keys[i], results[i]);
                Complete(keys[i], LookupOutcome.FromRows(results[i]));
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private void Complete(LookupKey key, LookupOutcome outcome)
    {
        TaskCompletionSource<LookupOutcome>? pending;
        lock (_pendingLock)
        {
            if (_pending.Remove(key, out pending) is false) return;
        }
        pending.TrySetResult(outcome);
    }

    private static ResiliencePipeline BuildRetryPipeline(LookupOptions options, TimeProvider time)
    {
        if (options.MaxRetries == 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            })
            .Build();
    }
}
