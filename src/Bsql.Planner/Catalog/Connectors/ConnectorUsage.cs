namespace Bsql.Planner.Catalog.Connectors;

/// <summary>How a job uses a table.</summary>
public enum ConnectorUsage
{
    /// <summary>Read in FROM.</summary>
    Source,
    /// <summary>Written by INSERT.</summary>
    Sink,
    /// <summary>Joined FOR SYSTEM_TIME AS OF.</summary>
    Lookup,
}
