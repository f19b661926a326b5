using Bsql.Runtime.State;

namespace Bsql.Runtime.Time;

/// <summary>The in-memory timers of one operator subtask, fired in (time, registration) order.</summary>
internal sealed class TimerService : ITimerService
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<(long Time, object Key), (long Time, long Seq)> _eventQueue = new();
    private readonly HashSet<(long Time, object Key)> _eventTimers = [];
    private readonly PriorityQueue<(long Time, object Key), (long Time, long Seq)> _procQueue = new();
    private readonly HashSet<(long Time, object Key)> _procTimers = [];
    private long _seq;

    public TimerService(TimeProvider time) => _time = time;

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public long CurrentProcessingTime => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public int Count => _eventTimers.Count + _procTimers.Count;

    public long? NextProcessingTime => _procQueue.TryPeek(out var t, out _) ? t.Time : null;

    public void RegisterEventTimer(long time, object key)
    {
        if (_eventTimers.Add((time, key))) _eventQueue.Enqueue((time, key), (time, _seq++));
    }

    public void RegisterProcessingTimer(long time, object key)
    {
        if (_procTimers.Add((time, key))) _procQueue.Enqueue((time, key), (time, _seq++));
    }

    public void DeleteEventTimer(long time, object key) => _eventTimers.Remove((time, key));

    /// <summary>Sets the watermark and returns the next due event timer, one at a time (timers may register timers).</summary>
    public void SetWatermark(long watermark) => CurrentWatermark = watermark;

    public bool TryPopEventTimer(long upTo, out long time, out object key)
    {
        while (_eventQueue.TryPeek(out var timer, out _) && timer.Time <= upTo)
        {
            _eventQueue.Dequeue();
            if (_eventTimers.Remove(timer))
            {
                time = timer.Time;
                key = timer.Key;
                return true;
            }
        }
        time = 0;
        key = null!;
        return false;
    }

    public bool TryPopProcessingTimer(long upTo, out long time, out object key)
    {
        while (_procQueue.TryPeek(out var timer, out _) && timer.Time <= upTo)
        {
            _procQueue.Dequeue();
            if (_procTimers.Remove(timer))
            {
                time = timer.Time;
                key = timer.Key;
                return true;
            }
        }
        time = 0;
        key = null!;
        return false;
    }

    public void Snapshot(BinaryWriter writer)
    {
        writer.Write(CurrentWatermark);
        Write(writer, _eventQueue, _eventTimers);
        Write(writer, _procQueue, _procTimers);
    }

    public void Restore(BinaryReader reader)
    {
        CurrentWatermark = reader.ReadInt64();
        ReadInto(reader, RegisterEventTimer);
        ReadInto(reader, RegisterProcessingTimer);
    }

    private static void Write(BinaryWriter writer, PriorityQueue<(long Time, object Key), (long Time, long Seq)> queue, HashSet<(long Time, object Key)> live)
    {
        var timers = queue.UnorderedItems.Where(t => live.Contains(t.Element)).OrderBy(t => t.Priority.Time).ThenBy(t => t.Priority.Seq).ToList();
        writer.Write(timers.Count);
        foreach (var (element, _) in timers)
        {
            writer.Write(element.Time);
            ValueCodec.Write(writer, element.Key);
        }
    }

    private static void ReadInto(BinaryReader reader, Action<long, object> register)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var time = reader.ReadInt64();
            register(time, ValueCodec.Read(reader)!);
        }
    }
}
