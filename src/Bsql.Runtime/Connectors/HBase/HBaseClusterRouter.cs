using System.Diagnostics;
using Bsql.Runtime.Lookup;
using Polly;
using Polly.CircuitBreaker;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Sends HBase REST requests to one of two clusters (A, B). Each cluster has a Polly pipeline (a circuit breaker
/// around a timeout, <see cref="HBaseRouterSettings"/>). With <see cref="HBaseRouting.Failover"/> a request tries A
/// then B. With <see cref="HBaseRouting.RtBalanced"/> a share of the requests tries B first: the share is the larger of
/// A's latency pressure (mean latency over the window between <see cref="HBaseRouterSettings.LatencyFloor"/> × timeout
/// and the timeout) and error pressure (error ratio between <see cref="HBaseRouterSettings.ErrorRatioFloor"/> and
/// <see cref="HBaseRouterSettings.ErrorRatioCeiling"/>), both over a sliding window, so it falls back to 0 as A recovers
/// (or as the evidence ages out, after which A gets traffic again and is re-measured). Requests are spread by a
/// deterministic credit counter, not at random. Either way a failed request is retried on the other cluster; with
/// <c>rt-balanced</c> a request the first cluster has not answered within <see cref="HBaseRouterSettings.HedgeDelay"/>
/// is also sent to the other one, and the first success wins (a slow cluster costs the hedge delay, not the timeout).
/// The request to the second cluster is the last chance: it gets <see cref="HBaseRouterSettings.SecondChanceTimeoutFactor"/>
/// times the timeout, so that a merely slow moment of B does not fail a lookup whose A already failed.
/// </summary>
public sealed class HBaseClusterRouter : IDisposable
{
    private static readonly ResiliencePropertyKey<bool> SecondChanceKey = new("bsql.hbase.second-chance");
    private readonly Cluster[] _clusters;
    private readonly HBaseRouting _routing;
    private readonly HBaseRouterSettings _settings;
    private readonly LookupMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Lock _creditLock = new();
    private double _credit;

    /// <summary>A router over <paramref name="clients"/> (one or two; the first is A).</summary>
    public HBaseClusterRouter(IReadOnlyList<HBaseRestClient> clients, HBaseRouting routing, HBaseRouterSettings settings, LookupMetrics metrics, TimeProvider? time = null)
    {
        if (clients.Count is 0 or > 2) throw new ArgumentException("one or two clusters", nameof(clients));
        _routing = routing;
        _settings = settings;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _clusters = clients.Select(client => new Cluster(client, BuildPipeline(settings, _time, out var state), state, new HBaseClusterHealth(settings.HealthWindow, settings.HealthBuckets, _time))).ToArray();
        var primaryName = _clusters[0].Client.Name;
        metrics.ObserveShare(cluster => cluster == primaryName ? 1 - SecondaryShare : SecondaryShare);
    }

    /// <summary>The clusters' names, A first.</summary>
    public IReadOnlyList<string> ClusterNames => _clusters.Select(c => c.Client.Name).ToArray();

    /// <summary>The share of requests that currently try B first (always 0 for failover or a single cluster).</summary>
    public double SecondaryShare => _routing == HBaseRouting.RtBalanced && _clusters.Length == 2 ? ComputeShare() : 0;

    /// <summary>The circuit state of cluster <paramref name="index"/> (0 = A).</summary>
    public CircuitState CircuitOf(int index) => _clusters[index].Circuit.CircuitState;

    /// <summary>
    /// Runs <paramref name="call"/> on the chosen cluster, and on the other one if it fails (failover), or, with
    /// <c>rt-balanced</c>, also if it has not answered within the hedge delay (the first success wins).
    /// </summary>
    /// <exception cref="HBaseUnavailableException">Every cluster failed.</exception>
    public async Task<T> ExecuteAsync<T>(Func<HBaseRestClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var first = ChooseFirst();
        if (_clusters.Length == 1 || _routing == HBaseRouting.Failover) return await FailoverAsync(first, call, cancellationToken).ConfigureAwait(false);

        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var primary = AttemptAsync(_clusters[first], call, race.Token, cancellationToken, secondChance: false);
            var hedge = Task.Delay(_settings.HedgeDelay ?? _settings.Timeout / 2, _time, race.Token);
            if (await Task.WhenAny(primary, hedge).ConfigureAwait(false) == primary && primary.IsCompletedSuccessfully) return primary.Result;
            cancellationToken.ThrowIfCancellationRequested();

            // The primary failed or is slow: ask the other cluster too; the first success wins.
            var pending = new List<Task<T>>(2) { primary, AttemptAsync(_clusters[1 - first], call, race.Token, cancellationToken, secondChance: true) };
            var errors = new List<Exception>(2);
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                if (done.IsCompletedSuccessfully) return done.Result;
                pending.Remove(done);
                errors.Add(done.Exception?.InnerException ?? new OperationCanceledException());
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new HBaseUnavailableException(errors);
        }
        finally
        {
            // Stops the loser and the hedge timer.
            await race.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="call"/> on every cluster, A then B (a sink writes both), each through its pipeline.</summary>
    /// <exception cref="HBaseUnavailableException">A cluster failed (the write is retried as a whole by the caller; writes are idempotent).</exception>
    public async Task ExecuteOnEachAsync(Func<HBaseRestClient, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        foreach (var cluster in _clusters)
        {
            try
            {
                await AttemptAsync(cluster, async (client, token) =>
                {
                    await call(client, token).ConfigureAwait(false);
                    return true;
                }, cancellationToken, cancellationToken, secondChance: false).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HBaseUnavailableException([error]);
            }
        }
    }

    /// <summary>Opens a connection to every cluster (<c>GET /version/cluster</c>), so the first lookups do not pay for it; failures are ignored.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_clusters.Select(cluster => cluster.Client.PingAsync(cancellationToken)));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var cluster in _clusters) cluster.Client.Dispose();
    }

    private async Task<T> FailoverAsync<T>(int first, Func<HBaseRestClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        List<Exception>? errors = null;
        for (var attempt = 0; attempt < _clusters.Length; attempt++)
        {
            try
            {
                return await AttemptAsync(_clusters[(first + attempt) % _clusters.Length], call, cancellationToken, cancellationToken, secondChance: attempt > 0).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                (errors ??= []).Add(error);
            }
        }
        throw new HBaseUnavailableException(errors!);
    }

    /// <summary>One attempt on one cluster through its pipeline, recorded in its health window and the metrics.</summary>
    private async Task<T> AttemptAsync<T>(Cluster cluster, Func<HBaseRestClient, CancellationToken, Task<T>> call, CancellationToken token, CancellationToken caller, bool secondChance)
    {
        var start = _time.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(token);
        context.Properties.Set(SecondChanceKey, secondChance);
        try
        {
            var result = await cluster.Pipeline.ExecuteAsync(
                static async (ctx, state) => await state.call(state.Client, ctx.CancellationToken).ConfigureAwait(false),
                context, (call, cluster.Client)).ConfigureAwait(false);
            Record(cluster, start, failed: false);
            return result;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            // Lost a hedged race: its latency is at least this long (a lower bound), but it did not fail. Counting it as
            // a failure would make scheduling noise on a busy machine look like an outage of whichever cluster was asked first.
            cluster.Health.Record(_time.GetElapsedTime(start), failed: false);
            throw;
        }
        catch (Exception) when (!caller.IsCancellationRequested)
        {
            Record(cluster, start, failed: true);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private int ChooseFirst()
    {
        if (_routing != HBaseRouting.RtBalanced || _clusters.Length < 2) return 0;
        var share = ComputeShare();
        lock (_creditLock)
        {
            _credit += share;
            if (_credit < 1) return 0;
            _credit -= 1;
            return 1;
        }
    }

    private double ComputeShare()
    {
        var (count, errors, meanLatencyMs) = _clusters[0].Health.Snapshot();
        if (count < _settings.MinimumSamples) return 0;
        var errorRatio = (double)errors / count;
        var errorPressure = Clamp((errorRatio - _settings.ErrorRatioFloor) / (_settings.ErrorRatioCeiling - _settings.ErrorRatioFloor));
        var latencyRatio = meanLatencyMs / _settings.Timeout.TotalMilliseconds;
        var latencyPressure = Clamp((latencyRatio - _settings.LatencyFloor) / (1 - _settings.LatencyFloor));
        return Math.Max(errorPressure, latencyPressure);
    }

    private static double Clamp(double value) => value < 0 ? 0 : value > 1 ? 1 : value;

    private void Record(Cluster cluster, long start, bool failed)
    {
        var elapsed = _time.GetElapsedTime(start);
        cluster.Health.Record(elapsed, failed);
        _metrics.RecordClusterCall(cluster.Client.Name, elapsed, !failed);
    }

    private static ResiliencePipeline BuildPipeline(HBaseRouterSettings settings, TimeProvider time, out CircuitBreakerStateProvider state)
    {
        state = new CircuitBreakerStateProvider();
        var timeout = settings.Timeout;
        var secondChanceTimeout = settings.Timeout * settings.SecondChanceTimeoutFactor;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = state,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            })
            // A generator rather than Timeout: Polly validates Timeout >= 10 ms, lookups may want less.
            .AddTimeout(new Polly.Timeout.TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(
                    args.Context.Properties.TryGetValue(SecondChanceKey, out var second) && second ? secondChanceTimeout : timeout),
            })
            .Build();
    }

    private sealed record Cluster(HBaseRestClient Client, ResiliencePipeline Pipeline, CircuitBreakerStateProvider Circuit, HBaseClusterHealth Health);
}
