namespace Bsql.Runtime.Connectors.Kafka;

/// <summary><c>scan.bounded.mode</c>: where a bounded source stops reading each partition (exclusive), then finishes.</summary>
public enum KafkaBoundedMode
{
    /// <summary><c>unbounded</c> (the default): never stops.</summary>
    Unbounded,
    /// <summary><c>latest-offset</c>: the end of the log when the job starts.</summary>
    LatestOffset,
    /// <summary><c>group-offsets</c>: the group's committed offset when the job starts.</summary>
    GroupOffsets,
    /// <summary><c>timestamp</c>: the first message whose timestamp is at or after <c>scan.bounded.timestamp-millis</c> (or the end of the log at start).</summary>
    Timestamp,
}
