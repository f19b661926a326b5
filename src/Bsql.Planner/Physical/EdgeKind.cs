namespace Bsql.Planner.Physical;

/// <summary>How rows cross an edge between operator subtasks.</summary>
public enum EdgeKind
{
    /// <summary>Subtask i feeds subtask i (same parallelism); chained without copying.</summary>
    Forward,
    /// <summary>Each row goes to the subtask chosen by the hash of its key columns.</summary>
    Hash,
    /// <summary>Every row goes to every subtask.</summary>
    Broadcast,
    /// <summary>Every row goes to subtask 0 (a global operator with parallelism 1).</summary>
    Single,
    /// <summary>Rows are spread round-robin (a parallelism change with no key).</summary>
    Rebalance,
}
