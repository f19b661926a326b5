namespace Bsql.Runtime.Connectors.HBase;

/// <summary>No HBase cluster could serve a request: the failures of each attempt, A first.</summary>
public sealed class HBaseUnavailableException : AggregateException
{
    /// <summary>Creates the exception.</summary>
    public HBaseUnavailableException(IEnumerable<Exception> errors)
        : base("no HBase cluster could serve the request", errors)
    {
    }
}
