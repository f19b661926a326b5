namespace Bsql.Planner.Functions;

/// <summary>The family of types a function parameter accepts.</summary>
public enum ArgFamily
{
    /// <summary>Any type.</summary>
    Any,
    /// <summary>TINYINT .. DOUBLE, DECIMAL.</summary>
    Numeric,
    /// <summary>TINYINT .. BIGINT.</summary>
    Integer,
    /// <summary>CHAR, VARCHAR, STRING.</summary>
    String,
    /// <summary>Strings or BYTES.</summary>
    Binary,
    /// <summary>BOOLEAN.</summary>
    Boolean,
    /// <summary>DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ.</summary>
    Temporal,
    /// <summary>TIMESTAMP or TIMESTAMP_LTZ (a STRING is accepted and cast).</summary>
    Timestamp,
    /// <summary>DATE or a timestamp (a STRING is accepted and cast).</summary>
    DateLike,
    /// <summary>A temporal value or a string holding one.</summary>
    TemporalOrString,
    /// <summary>ARRAY or MAP.</summary>
    Collection,
    /// <summary>An ordered type (numbers, strings, temporals, BOOLEAN).</summary>
    Comparable,
}
