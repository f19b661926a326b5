namespace Bsql.Runtime.Time;

/// <summary>
/// Timers of one operator subtask. An event-time timer fires once the watermark reaches its time;
/// a processing-time timer once the job's clock does. A (time, key) pair is registered at most once.
/// Timers are part of the operator's checkpointed state.
/// </summary>
public interface ITimerService
{
    /// <summary>The operator's current input watermark (<see cref="long.MinValue"/> before the first).</summary>
    long CurrentWatermark { get; }

    /// <summary>The job clock, epoch milliseconds.</summary>
    long CurrentProcessingTime { get; }

    /// <summary>Fires <see cref="Operators.StreamOperator.OnTimer"/> when the watermark reaches <paramref name="time"/>.</summary>
    void RegisterEventTimer(long time, object key);

    /// <summary>Fires <see cref="Operators.StreamOperator.OnTimer"/> when the clock reaches <paramref name="time"/>.</summary>
    void RegisterProcessingTimer(long time, object key);

    /// <summary>Removes an event-time timer that has not fired yet.</summary>
    void DeleteEventTimer(long time, object key);
}
