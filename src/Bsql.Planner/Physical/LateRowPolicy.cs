namespace Bsql.Planner.Physical;

/// <summary>What a delayed window join does with a left row that arrives after its output time (<c>'sjoin.late-rows'</c>).</summary>
public enum LateRowPolicy
{
    /// <summary>Emit it at once, unmatched, and count it.</summary>
    Emit,
    /// <summary>Drop it and count it.</summary>
    Drop,
    /// <summary>Route it to the job's dead-letter sink and count it.</summary>
    DeadLetter,
}
