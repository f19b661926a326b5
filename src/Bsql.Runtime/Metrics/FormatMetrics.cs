namespace Bsql.Runtime.Metrics;

/// <summary>Decode-error counters of one source table: records skipped or dead-lettered.</summary>
public sealed class FormatMetrics
{
    private long _skipped;
    private long _deadLettered;

    /// <summary>Counters for table <paramref name="table"/>.</summary>
    public FormatMetrics(string table) => Table = table;

    /// <summary>The source table.</summary>
    public string Table { get; }

    /// <summary>Undecodable records skipped (<c>'&lt;format&gt;.ignore-parse-errors'</c>).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Undecodable records routed to the dead-letter table.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    internal void AddSkipped() => Interlocked.Increment(ref _skipped);

    internal void AddDeadLettered() => Interlocked.Increment(ref _deadLettered);
}
