namespace Bsql.IntegrationTests.Fakes.HBaseRest;

/// <summary>How a down <see cref="FakeHBaseRestServer"/> refuses requests.</summary>
public enum FakeHBaseOutage
{
    /// <summary>Serving.</summary>
    None,

    /// <summary>The server stops listening: connections are refused (and open ones closed), as when the process is down.</summary>
    RefuseConnections,

    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,
}
