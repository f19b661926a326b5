using Bsql.IntegrationTests.Infrastructure;

namespace Bsql.IntegrationTests.Kafka;

/// <summary>
/// One mock-cluster host process shared by the tests of a class, started lazily (xunit creates class
/// fixtures even when every test of the class is skipped) with 3 brokers and the topic
/// <see cref="PreCreatedTopic"/> of <see cref="PreCreatedPartitions"/> partitions.
/// </summary>
public sealed class KafkaMockHostFixture : IAsyncLifetime
{
    /// <summary>A topic the host creates at start (<c>--topic</c>).</summary>
    public const string PreCreatedTopic = "precreated";

    /// <summary>The partition count of <see cref="PreCreatedTopic"/> (not the mock's default of 4).</summary>
    public const int PreCreatedPartitions = 6;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private KafkaMockHost? _host;

    /// <summary>The running host, started on first use.</summary>
    public async Task<KafkaMockHost> GetHostAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _host ??= await KafkaMockHost.StartAsync(
                "--brokers", "3", "--topic", $"{PreCreatedTopic}:{PreCreatedPartitions}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _gate.Dispose();
    }
}
