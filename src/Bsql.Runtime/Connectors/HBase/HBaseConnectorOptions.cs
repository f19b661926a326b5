using Bsql.Planner.Physical;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// The options of an <c>hbase</c> table: <c>table-name</c>, <c>clusters</c> (<c>'A=http://h:8080;B=http://h2:8080'</c>,
/// or one bare URL), <c>routing</c>, <c>lookup.timeout</c>, <c>value.encoding</c>.
/// </summary>
public sealed record HBaseConnectorOptions(
    string TableName,
    IReadOnlyList<KeyValuePair<string, Uri>> Clusters,
    HBaseRouting Routing,
    TimeSpan Timeout,
    HBaseValueEncoding Encoding)
{
    /// <summary>Default <c>lookup.timeout</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Reads the options of <paramref name="connector"/>.</summary>
    /// <exception cref="BsqlRuntimeException">An option is missing or malformed (BSQL4001).</exception>
    public static HBaseConnectorOptions From(ConnectorSpec connector)
    {
        var table = connector.Get("table-name") ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "an hbase table needs option 'table-name'");
        var clustersText = connector.Get("clusters") ?? connector.Get("url")
            ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "an hbase table needs option 'clusters' ('A=http://host:8080;B=http://host2:8080')");
        var clusters = new List<KeyValuePair<string, Uri>>();
        foreach (var part in clustersText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq].Trim() : ((char)('A' + clusters.Count)).ToString();
            var url = eq > 0 ? part[(eq + 1)..].Trim() : part;
            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'clusters': '{url}' is not an http(s) URL of an HBase REST endpoint");
            }
            clusters.Add(new(name, uri));
        }
        if (clusters.Count is 0 or > 2) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'clusters' names one or two clusters, found {clusters.Count}");
        var routing = (connector.Get("routing") ?? "failover").ToLowerInvariant() switch
        {
            "failover" => HBaseRouting.Failover,
            "rt-balanced" => HBaseRouting.RtBalanced,
            var other => throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'routing' expects 'failover' or 'rt-balanced', found '{other}'"),
        };
        var timeout = connector.Get("lookup.timeout") is { } text ? DurationOption.Parse("lookup.timeout", text) : DefaultTimeout;
        if (timeout <= TimeSpan.Zero) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "option 'lookup.timeout' must be positive");
        var encoding = (connector.Get("value.encoding") ?? "binary").ToLowerInvariant() switch
        {
            "binary" => HBaseValueEncoding.Binary,
            "text" => HBaseValueEncoding.Text,
            var other => throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'value.encoding' expects 'binary' or 'text', found '{other}'"),
        };
        return new HBaseConnectorOptions(table, clusters, routing, timeout, encoding);
    }
}
