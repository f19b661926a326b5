namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Every tuning knob of the dual-cluster router in one place: the per-cluster Polly pipeline (timeout, circuit
/// breaker) and the <c>rt-balanced</c> share computation. Defaults suit lookups of a few milliseconds.
/// </summary>
public sealed record HBaseRouterSettings
{
    /// <summary>Per-request timeout (<c>lookup.timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = HBaseConnectorOptions.DefaultTimeout;

    /// <summary>
    /// <c>rt-balanced</c>: how long a request waits for its first cluster before it also asks the other one (the first
    /// answer wins); null: half of <see cref="Timeout"/>. Bounds the tail latency a slow cluster causes.
    /// </summary>
    public TimeSpan? HedgeDelay { get; init; }

    /// <summary>The timeout of the request to the second cluster (failover or hedge), as a multiple of <see cref="Timeout"/>.</summary>
    public double SecondChanceTimeoutFactor { get; init; } = 4;

    /// <summary>Circuit breaker: failure ratio over <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Circuit breaker: requests needed in the sampling window before it may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    /// <summary>Circuit breaker: sampling window.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Circuit breaker: how long an open circuit rejects requests before letting a probe through.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>rt-balanced</c>: the sliding window over which cluster A's latency and error ratio are measured.</summary>
    public TimeSpan HealthWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>rt-balanced</c>: buckets of the sliding window.</summary>
    public int HealthBuckets { get; init; } = 20;

    /// <summary><c>rt-balanced</c>: fewer samples than this in the window count as "no evidence": no shift.</summary>
    public int MinimumSamples { get; init; } = 20;

    /// <summary><c>rt-balanced</c>: error ratios up to this are noise (no shift).</summary>
    public double ErrorRatioFloor { get; init; } = 0.02;

    /// <summary><c>rt-balanced</c>: the error ratio at which all traffic goes to B.</summary>
    public double ErrorRatioCeiling { get; init; } = 0.5;

    /// <summary><c>rt-balanced</c>: mean latency, as a fraction of <see cref="Timeout"/>, where shifting starts (all traffic on B at the timeout).</summary>
    public double LatencyFloor { get; init; } = 0.5;
}
