using System.Collections.Concurrent;

namespace Bsql.Runtime.Execution.Checkpoints;

/// <summary>
/// Triggers aligned checkpoints: every interval it asks the source subtasks to inject barrier N; every
/// subtask acknowledges N with its state once the barrier passed it (after alignment of its inputs);
/// when all have, the checkpoint is written atomically and every subtask is told it completed (sinks
/// then commit). Checkpointing stops once a source has finished (the job is ending).
/// </summary>
internal sealed class CheckpointCoordinator
{
    private readonly CheckpointStore _store;
    private readonly TimeProvider _time;
    private readonly long _intervalMs;
    private readonly int _subtaskCount;
    private readonly ConcurrentDictionary<long, ConcurrentBag<SubtaskSnapshot>> _acks = new();
    private readonly ConcurrentDictionary<long, int> _ackCounts = new();
    private readonly List<Subtask> _subtasks = [];
    private long _requested;
    private int _completed;
    private volatile bool _stopped;
    private volatile bool _inFlight;
    private long _triggeredAt;
    private readonly Lock _writeLock = new();
    private long _lastWritten;

    public CheckpointCoordinator(CheckpointStore store, TimeProvider time, long intervalMs, int subtaskCount, long firstId)
    {
        _store = store;
        _time = time;
        _intervalMs = intervalMs;
        _subtaskCount = subtaskCount;
        _requested = firstId - 1;
    }

    /// <summary>The newest checkpoint sources should inject (0: none yet).</summary>
    public long Requested => Interlocked.Read(ref _requested);

    public int Completed => Volatile.Read(ref _completed);

    public bool Stopped => _stopped;

    /// <summary>Called with the id of each checkpoint once it is written (before subtasks are told).</summary>
    public Action<long>? OnCompleted { get; init; }

    public void Register(Subtask subtask) => _subtasks.Add(subtask);

    /// <summary>The id of the newest checkpoint written (0: none in this run).</summary>
    public long LastWritten => Interlocked.Read(ref _lastWritten);

    /// <summary>Asks for a checkpoint now unless one is in flight; returns the id to wait for.</summary>
    public long TriggerNow()
    {
        if (!_inFlight)
        {
            _inFlight = true;
            _triggeredAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
            Interlocked.Increment(ref _requested);
        }
        return Requested;
    }

    /// <summary>A source finished: no new checkpoint can complete.</summary>
    public void Stop() => _stopped = true;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !_stopped)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_intervalMs), _time, cancellationToken).ConfigureAwait(false);
            if (_stopped) break;
            // One checkpoint at a time: the next is triggered once the previous completed (or after ten
            // intervals without completing, when it is abandoned).
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_inFlight && now - _triggeredAt < 10 * _intervalMs) continue;
            _inFlight = true;
            _triggeredAt = now;
            Interlocked.Increment(ref _requested);
        }
    }

    public void Acknowledge(long id, IEnumerable<SubtaskSnapshot> states)
    {
        var bag = _acks.GetOrAdd(id, _ => []);
        foreach (var s in states) bag.Add(s);
        var count = _ackCounts.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (count < _subtaskCount) return;
        lock (_writeLock)
        {
            // An abandoned checkpoint that completes after a newer one is stale: writing it would roll the job back.
            if (id <= _lastWritten)
            {
                _acks.TryRemove(id, out _);
                _ackCounts.TryRemove(id, out _);
                return;
            }
            _store.Write(id, [.. bag]);
            Interlocked.Exchange(ref _lastWritten, id);
            _acks.TryRemove(id, out _);
            _ackCounts.TryRemove(id, out _);
            Interlocked.Increment(ref _completed);
            _inFlight = false;
        }
        OnCompleted?.Invoke(id);
        CrashHook.At("after-checkpoint");
        foreach (var subtask in _subtasks) subtask.NotifyCheckpointComplete(id);
    }
}
