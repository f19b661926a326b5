using System.Globalization;
using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;
using Npgsql;

namespace Bsql.Runtime.Connectors.Jdbc;

/// <summary>
/// The options of a <c>jdbc</c> table: <c>url</c> (<c>jdbc:postgresql://host[:port][/database][?user=..&amp;password=..]</c>,
/// as in Flink), <c>table-name</c> (optionally <c>schema.table</c>), <c>username</c>, <c>password</c>.
/// </summary>
public sealed record JdbcConnectorOptions(string ConnectionString, string TableName)
{
    private const string Prefix = "jdbc:postgresql://";

    /// <summary>Reads the options of <paramref name="connector"/>.</summary>
    /// <exception cref="BsqlRuntimeException">An option is missing or malformed (BSQL4001).</exception>
    public static JdbcConnectorOptions From(ConnectorSpec connector)
    {
        var url = connector.Get("url") ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "a jdbc table needs option 'url' ('jdbc:postgresql://host:port/database')");
        var table = connector.Get("table-name") ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "a jdbc table needs option 'table-name'");
        var builder = ToConnectionString(url);
        if (connector.Get("username") is { } user) builder.Username = user;
        if (connector.Get("password") is { } password) builder.Password = password;
        return new JdbcConnectorOptions(builder.ConnectionString, table);
    }

    /// <summary>Translates a PostgreSQL JDBC URL into Npgsql settings (hosts, port, database, user, password, ssl).</summary>
    /// <exception cref="BsqlRuntimeException">The URL is not a <c>jdbc:postgresql://</c> URL (BSQL4001).</exception>
    public static NpgsqlConnectionStringBuilder ToConnectionString(string url)
    {
        if (!url.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'url' expects 'jdbc:postgresql://host:port/database', found '{url}' (only PostgreSQL is supported)");
        }
        var rest = url[Prefix.Length..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : "";
        var builder = new NpgsqlConnectionStringBuilder
        {
            // Statements are prepared automatically after a few uses: lookups and upserts repeat one shape.
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
        };
        // One host: Host + Port. Several (failover): Npgsql takes the 'host:port,host:port' list as is.
        var hostList = hosts.Split(',', StringSplitOptions.RemoveEmptyEntries);
        builder.Host = "localhost";
        builder.Port = 5432;
        if (hostList.Length > 1)
        {
            builder.Host = string.Join(',', hostList);
        }
        else if (hostList.Length == 1)
        {
            var host = hostList[0];
            var colon = host.LastIndexOf(':');
            if (colon > 0 && !host.EndsWith(']'))
            {
                builder.Host = host[..colon];
                builder.Port = int.TryParse(host[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? port
                    : throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'url': '{host}' has a malformed port");
            }
            else
            {
                builder.Host = host;
            }
        }
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : "";
            switch (name.ToLowerInvariant())
            {
                case "user": builder.Username = value; break;
                case "password": builder.Password = value; break;
                case "sslmode": builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true); break;
                case "ssl" when value.Equals("true", StringComparison.OrdinalIgnoreCase): builder.SslMode = SslMode.Require; break;
                case "applicationname": builder.ApplicationName = value; break;
                case "connecttimeout": builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: break; // other pgJDBC properties have no Npgsql counterpart that matters here
            }
        }
        return builder;
    }
}
