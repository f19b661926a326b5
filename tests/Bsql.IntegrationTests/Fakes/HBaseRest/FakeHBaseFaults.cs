namespace Bsql.IntegrationTests.Fakes.HBaseRest;

/// <summary>How a <see cref="FakeHBaseRestServer"/> misbehaves: set at run time, applied per request.</summary>
public sealed record FakeHBaseFaults
{
    /// <summary>No fault.</summary>
    public static FakeHBaseFaults None { get; } = new();

    /// <summary>Delay added to every request.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Fraction (0..1) of requests that get <see cref="SlowLatency"/> on top.</summary>
    public double SlowFraction { get; init; }

    /// <summary>Delay of the slow requests.</summary>
    public TimeSpan SlowLatency { get; init; }

    /// <summary>Fraction (0..1) of requests answered 500.</summary>
    public double ErrorRate { get; init; }

    /// <summary>An outage: every request is refused this way.</summary>
    public FakeHBaseOutage Outage { get; init; }
}
