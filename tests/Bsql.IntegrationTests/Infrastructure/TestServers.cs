using System.Runtime.InteropServices;

namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real servers of the integration tests are. <c>./test.sh</c> starts them and sets the
/// environment variables; when a variable is absent the tests that need the server are skipped.
/// </summary>
public static class TestServers
{
    /// <summary>Environment variable holding the Redis address, e.g. <c>127.0.0.1:6390</c>.</summary>
    public const string RedisVariable = "BSQL_TEST_REDIS";

    /// <summary>Environment variable holding the PostgreSQL connection string.</summary>
    public const string PostgresVariable = "BSQL_TEST_PG";

    private static readonly Lazy<bool> HasLibrdkafka = new(() =>
    {
        if (!NativeLibrary.TryLoad("librdkafka.so.1", out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    });

    /// <summary>The Redis address (<c>host:port</c>).</summary>
    /// <exception cref="InvalidOperationException">The variable is not set (the test should have been skipped).</exception>
    public static string Redis => Require(RedisVariable);

    /// <summary>The PostgreSQL connection string.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set (the test should have been skipped).</exception>
    public static string Postgres => Require(PostgresVariable);

    /// <summary>Why a test that needs <paramref name="server"/> cannot run here, or null when it can.</summary>
    public static string? SkipReason(TestServer server) => server switch
    {
        TestServer.Redis => Get(RedisVariable) is null ? $"{RedisVariable} is not set (run ./test.sh to start Redis)" : null,
        TestServer.Postgres => Get(PostgresVariable) is null ? $"{PostgresVariable} is not set (run ./test.sh to start PostgreSQL)" : null,
        TestServer.Kafka => HasLibrdkafka.Value ? null : "librdkafka.so.1 is not installed (apt-get install librdkafka1)",
        _ => throw new ArgumentOutOfRangeException(nameof(server), server, null),
    };

    private static string? Get(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    private static string Require(string variable) =>
        Get(variable) ?? throw new InvalidOperationException($"{variable} is not set");
}
