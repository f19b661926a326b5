using System.Net;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>An HBase REST endpoint answered with an unexpected status (a 5xx, or a 4xx other than 404 on a read).</summary>
public sealed class HBaseRestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HBaseRestException(string cluster, HttpStatusCode status, string message)
        : base($"HBase cluster {cluster}: HTTP {(int)status} {message}")
    {
        Cluster = cluster;
        Status = status;
    }

    /// <summary>The cluster that answered.</summary>
    public string Cluster { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }
}
