namespace Bsql.Runtime.Formats;

/// <summary>
/// Takes records and rows to their dead-letter tables (sinks of the job, <c>DeadLetterColumns</c>). Thread-safe.
/// Operators use it through <see cref="Operators.DeadLetterWriter"/> (<see cref="Operators.OperatorContext.OpenDeadLetters"/>).
/// </summary>
public interface IDeadLetterQueue
{
    /// <summary>True when the job can write to <paramref name="table"/>.</summary>
    bool Knows(string table);

    /// <summary>Queues a record for its dead-letter table.</summary>
    void Add(DeadLetterRecord record);
}
