namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="FactAttribute"/> that skips the test when <paramref name="servers"/> are not available
/// (xunit 2 has no dynamic skip, so the decision is made when the attribute is created at discovery).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServerFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless every one of <paramref name="servers"/> is available.</summary>
    public RequiresServerFactAttribute(params TestServer[] servers)
    {
        Servers = servers;
        Skip = servers.Select(TestServers.SkipReason).FirstOrDefault(reason => reason is not null);
    }

    /// <summary>The servers the test needs.</summary>
    public IReadOnlyList<TestServer> Servers { get; }
}
