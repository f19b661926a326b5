namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="RequiresServerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServerTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless every one of <paramref name="servers"/> is available.</summary>
    public RequiresServerTheoryAttribute(params TestServer[] servers)
    {
        Servers = servers;
        Skip = servers.Select(TestServers.SkipReason).FirstOrDefault(reason => reason is not null);
    }

    /// <summary>The servers the theory needs.</summary>
    public IReadOnlyList<TestServer> Servers { get; }
}
