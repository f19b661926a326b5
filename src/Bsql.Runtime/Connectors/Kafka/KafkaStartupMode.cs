namespace Bsql.Runtime.Connectors.Kafka;

/// <summary><c>scan.startup.mode</c>: where a source without a restored position starts reading each partition.</summary>
public enum KafkaStartupMode
{
    /// <summary><c>earliest-offset</c>: the first offset still in the log.</summary>
    EarliestOffset,
    /// <summary><c>latest-offset</c>: the end of the log when the job starts (only new messages).</summary>
    LatestOffset,
    /// <summary><c>group-offsets</c> (the default): the group's committed offset, else <c>properties.auto.offset.reset</c> (default latest).</summary>
    GroupOffsets,
    /// <summary><c>timestamp</c>: the first message whose timestamp is at or after <c>scan.startup.timestamp-millis</c>.</summary>
    Timestamp,
}
