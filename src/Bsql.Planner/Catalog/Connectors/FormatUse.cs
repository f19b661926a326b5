namespace Bsql.Planner.Catalog.Connectors;

/// <summary>Whether and how a connector takes a <c>format</c>.</summary>
public enum FormatUse
{
    /// <summary>No format (the connector defines its own encoding).</summary>
    None,
    /// <summary><c>'format'</c> is required.</summary>
    Required,
    /// <summary><c>'format'</c> or <c>'value.format'</c> (and optionally <c>'key.format'</c>), as Kafka.</summary>
    KeyValue,
}
