namespace Bsql.Planner.Catalog.Connectors;

/// <summary>How a connector's tables can be used.</summary>
[Flags]
public enum ConnectorCapabilities
{
    /// <summary>No use.</summary>
    None = 0,
    /// <summary>Read as a stream or bounded input (<c>FROM t</c>).</summary>
    Source = 1,
    /// <summary>Written by <c>INSERT INTO t</c>.</summary>
    Sink = 2,
    /// <summary>Joined <c>FOR SYSTEM_TIME AS OF</c> (a dimension table).</summary>
    Lookup = 4,
    /// <summary>Every use.</summary>
    All = Source | Sink | Lookup,
}
