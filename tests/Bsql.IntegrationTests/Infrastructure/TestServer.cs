namespace Bsql.IntegrationTests.Infrastructure;

/// <summary>A real server (or native library) an integration test needs.</summary>
public enum TestServer
{
    /// <summary>A Redis server at <c>BSQL_TEST_REDIS</c> (<c>host:port</c>).</summary>
    Redis,

    /// <summary>A PostgreSQL database at <c>BSQL_TEST_PG</c> (an Npgsql connection string).</summary>
    Postgres,

    /// <summary>Debian's librdkafka1 (librdkafka.so.1): Kafka tests run against its mock cluster.</summary>
    Kafka,
}
