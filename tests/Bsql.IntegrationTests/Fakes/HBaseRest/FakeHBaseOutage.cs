namespace Bsql.IntegrationTests.Fakes.HBaseRest;

/// <summary>How a down <see cref="FakeHBaseRestServer"/> refuses requests.</summary>
public enum FakeHBaseOutage
{
    /// <summary>Serving.</summary>
    None,

    /// <summary>The connection is closed without a response (the client sees a transport error).</summary>
    CloseConnection,

    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,
}
