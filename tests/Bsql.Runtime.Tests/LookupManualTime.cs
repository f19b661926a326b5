namespace Bsql.Runtime.Tests;

/// <summary>
/// (Also compiled into Bsql.IntegrationTests, by a link in its project file.)
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>; timers fire then.</summary>
public sealed class LookupManualTime : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Moves the clock forward and fires the timers that fall due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
        }
        foreach (var timer in due) timer.Fire();
    }

    /// <summary>
    /// Awaits <paramref name="task"/>, moving the clock by <paramref name="step"/> every few milliseconds of real time
    /// (so a batch's linger ends only once every key is queued, however slowly a loaded machine queues them).
    /// </summary>
    public async Task<T> RunUntilDoneAsync<T>(Task<T> task, TimeSpan step)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!task.IsCompleted && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
            Advance(step);
        }
        return await task;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(LookupManualTime owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset DueAt { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner._now + dueTime;
                if (!owner._timers.Contains(this)) owner._timers.Add(this);
            }
            if (dueTime == TimeSpan.Zero) Fire();
            return true;
        }

        public void Fire()
        {
            lock (owner._lock)
            {
                if (DueAt > owner._now) return;
                if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) DueAt = owner._now + _period;
                else
                {
                    DueAt = DateTimeOffset.MaxValue;
                    owner._timers.Remove(this);
                }
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (owner._lock) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
