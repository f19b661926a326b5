namespace Bsql.Planner.Physical;

/// <summary>A window attribute an aggregation appends to its output.</summary>
public enum WindowProperty
{
    /// <summary><c>window_start</c> / <c>TUMBLE_START</c>: TIMESTAMP(3).</summary>
    Start,
    /// <summary><c>window_end</c> / <c>TUMBLE_END</c>: TIMESTAMP(3).</summary>
    End,
    /// <summary><c>window_time</c> / <c>TUMBLE_ROWTIME</c>: <c>window_end - 1 ms</c>, an event-time attribute.</summary>
    RowTime,
    /// <summary><c>TUMBLE_PROCTIME</c>: a processing-time attribute.</summary>
    ProcTime,
}
