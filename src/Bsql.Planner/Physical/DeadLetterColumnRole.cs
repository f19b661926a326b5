namespace Bsql.Planner.Physical;

/// <summary>What a column of a dead-letter table receives.</summary>
public enum DeadLetterColumnRole
{
    /// <summary>Not a dead-letter column: written NULL.</summary>
    None,

    /// <summary><c>kind</c>.</summary>
    Kind,

    /// <summary><c>source_table</c>.</summary>
    SourceTable,

    /// <summary><c>location</c>.</summary>
    Location,

    /// <summary><c>raw</c>.</summary>
    Raw,

    /// <summary><c>reason</c>.</summary>
    Reason,

    /// <summary><c>dead_lettered_at</c>.</summary>
    Time,
}
