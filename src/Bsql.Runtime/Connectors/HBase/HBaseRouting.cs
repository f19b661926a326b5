namespace Bsql.Runtime.Connectors.HBase;

/// <summary>The <c>routing</c> option of an <c>hbase</c> table with two clusters.</summary>
public enum HBaseRouting
{
    /// <summary><c>failover</c>: every request goes to cluster A; on an error, a timeout or an open circuit it goes to B.</summary>
    Failover,

    /// <summary>
    /// <c>rt-balanced</c>: a share of the requests goes to B first, in proportion to A's recent latency and error
    /// ratio, and shifts back as A recovers; a failed request still fails over to the other cluster.
    /// </summary>
    RtBalanced,
}
