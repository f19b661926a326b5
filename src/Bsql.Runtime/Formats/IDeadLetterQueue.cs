namespace Bsql.Runtime.Formats;

/// <summary>Takes undecodable records to their dead-letter table. Thread-safe.</summary>
public interface IDeadLetterQueue
{
    /// <summary>True when the job can write to <paramref name="table"/>.</summary>
    bool Knows(string table);

    /// <summary>Queues a record for its dead-letter table.</summary>
    void Add(DeadLetterRecord record);
}
