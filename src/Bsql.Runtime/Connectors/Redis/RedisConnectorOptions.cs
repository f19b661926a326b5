using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using StackExchange.Redis;

namespace Bsql.Runtime.Connectors.Redis;

/// <summary>The options of a <c>redis</c> table: <c>url</c>, <c>data-type</c>, <c>key-pattern</c>, <c>sink.ttl</c>.</summary>
public sealed record RedisConnectorOptions(string Host, int Port, int Database, string? Password, RedisDataType DataType, string? KeyPattern, TimeSpan? SinkTtl)
{
    /// <summary>Reads the options of <paramref name="connector"/>.</summary>
    /// <exception cref="BsqlRuntimeException">An option is missing or malformed (BSQL4001).</exception>
    public static RedisConnectorOptions From(ConnectorSpec connector)
    {
        var url = connector.Get("url") ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "a redis table needs option 'url' ('redis://host:port[/db]')");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'url' expects 'redis://host:port[/db]', found '{url}'");
        }
        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'url': the path of '{url}' must be a database number");
        }
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var info = Uri.UnescapeDataString(uri.UserInfo);
            password = info.Contains(':', StringComparison.Ordinal) ? info[(info.IndexOf(':', StringComparison.Ordinal) + 1)..] : info;
        }
        var dataType = (connector.Get("data-type") ?? "string").ToLowerInvariant() switch
        {
            "string" => RedisDataType.String,
            "hash" => RedisDataType.Hash,
            var other => throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'data-type' expects 'string' or 'hash', found '{other}'"),
        };
        TimeSpan? ttl = connector.Get("sink.ttl") is { } text ? DurationOption.Parse("sink.ttl", text) : null;
        return new RedisConnectorOptions(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, database, password, dataType, connector.Get("key-pattern"), ttl);
    }

    /// <summary>StackExchange.Redis configuration for this server.</summary>
    public ConfigurationOptions ToConfiguration()
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            DefaultDatabase = Database,
            Password = Password,
            ConnectTimeout = 5000,
            SyncTimeout = 5000,
        };
        // An IP literal as an IPEndPoint: StackExchange.Redis 1.2.6 treats a DnsEndPoint as a name to resolve.
        if (System.Net.IPAddress.TryParse(Host, out var address)) configuration.EndPoints.Add(address, Port);
        else configuration.EndPoints.Add(Host, Port);
        return configuration;
    }
}
