namespace Bsql.Planner.Physical;

/// <summary>The kinds of change an operator emits (Flink's changelog modes).</summary>
public enum ChangelogMode
{
    /// <summary>Inserts only: an append-only stream.</summary>
    InsertOnly,
    /// <summary>Inserts, update-before/update-after pairs and deletes (retractions).</summary>
    Retract,
    /// <summary>Inserts, update-after and deletes keyed by a unique key (no update-before).</summary>
    Upsert,
}
