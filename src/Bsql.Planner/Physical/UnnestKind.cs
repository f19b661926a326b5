namespace Bsql.Planner.Physical;

/// <summary>What an UNNEST expands and into which columns.</summary>
public enum UnnestKind
{
    /// <summary>An ARRAY of scalars (or of nested collections): one column per element.</summary>
    Array,

    /// <summary>An ARRAY of ROWs: one column per field of the element.</summary>
    ArrayOfRows,

    /// <summary>A MAP: two columns, key and value.</summary>
    Map,
}
