namespace Bsql.Runtime.Connectors;

/// <summary>
/// Where a source subtask puts decoded rows. The runtime appends the table's computed columns,
/// tracks event time per partition (the watermark is the minimum over active partitions) and
/// batches rows for the operators downstream.
/// </summary>
public interface ISourceOutput
{
    /// <summary>A new row sized for the physical and computed columns; fill the physical ones (0..n-1).</summary>
    object?[] NewRow();

    /// <summary>Emits a row read from partition (split, Kafka partition, file) <paramref name="partition"/>.</summary>
    void Emit(object?[] row, int partition);

    /// <summary>
    /// Declares that this subtask reads partition <paramref name="partition"/> (call it on open or when
    /// partitions are assigned): until its first row, it holds the watermark back (unless idle for the
    /// idle timeout), so rows of a partition read later are not made late by a faster one.
    /// </summary>
    void PartitionAssigned(int partition);

    /// <summary>Partition <paramref name="partition"/> will emit nothing more: it stops holding the watermark back.</summary>
    void PartitionFinished(int partition);

    /// <summary>Rows emitted since the current <see cref="ISource.ReadAsync"/> call began (return at about <see cref="SourceContext.BatchSize"/>).</summary>
    int EmittedInCall { get; }
}
