using System.Runtime.CompilerServices;
using Bsql.Planner.Physical;

namespace Bsql.Runtime.State.Spill;

/// <summary>
/// The right rows of a <c>LEFT(GLOBAL)</c> delayed window join in the embedded store: one
/// <see cref="LocalJoinRightState"/> shared by every subtask of the operator in this process (so the
/// inputs need no repartitioning), guarded by a lock. A row expires once the slowest subtask's
/// watermark allows it. Subtask 0 writes (and restores) the shared rows in checkpoints. Any subtask
/// over its memory share may spill the shared rows; each subtask scans the shared segments for its own
/// firing left rows (the segments are append-only, so a scan up to a recorded length needs no lock).
/// </summary>
internal sealed class SharedJoinRightState
{
    private static readonly ConditionalWeakTable<PhysicalOperator, SharedJoinRightState> Live = [];
    private static readonly Lock RegistryLock = new();

    private readonly LocalJoinRightState _inner;
    private readonly long[] _watermarks;
    private readonly Lock _lock = new();
    private int _users;

    private SharedJoinRightState(long retention, int parallelism, long bucketMs, int[] keyColumns, Func<string> directory)
    {
        _inner = new LocalJoinRightState(retention, bucketMs, keyColumns, directory);
        _watermarks = new long[parallelism];
        Array.Fill(_watermarks, long.MinValue);
    }

    /// <summary>The store of operator <paramref name="op"/> in this job run, created by its first subtask.</summary>
    public static IDelayedJoinRightState Acquire(PhysicalOperator op, int subtask, long retention, long bucketMs, int[] keyColumns, Func<string> directory)
    {
        lock (RegistryLock)
        {
            if (!Live.TryGetValue(op, out var shared))
            {
                shared = new SharedJoinRightState(retention, Math.Max(1, op.Parallelism), bucketMs, keyColumns, directory);
                Live.Add(op, shared);
            }
            shared._users++;
            return new View(shared, subtask);
        }
    }

    /// <summary>
    /// A subtask is done with the store; the last one frees it (a later run starts empty), deleting its segments
    /// when <paramref name="deleteFiles"/> (the job finished).
    /// </summary>
    public static void Release(PhysicalOperator op, bool deleteFiles)
    {
        lock (RegistryLock)
        {
            if (Live.TryGetValue(op, out var shared) && --shared._users <= 0)
            {
                Live.Remove(op);
                lock (shared._lock) shared._inner.Close(deleteFiles);
            }
        }
    }

    private sealed class View(SharedJoinRightState shared, int subtask) : IDelayedJoinRightState
    {
        public long MemoryBytes => Locked(static s => s.MemoryBytes);

        public long Count => Locked(static s => s.Count);

        public long ReleasedBytes => Locked(static s => s.ReleasedBytes);

        public long SpilledBytes => Locked(static s => s.SpilledBytes);

        public long SpilledRows => Locked(static s => s.SpilledRows);

        public bool HasSpilled => Locked(static s => s.HasSpilled);

        /// <summary>Reads the shared state under its lock.</summary>
        private T Locked<T>(Func<LocalJoinRightState, T> read)
        {
            lock (shared._lock) return read(shared._inner);
        }

        public void RunExclusive(Action action)
        {
            lock (shared._lock) action();
        }

        public void Spill()
        {
            lock (shared._lock) shared._inner.Spill();
        }

        public IReadOnlyList<(SegmentFile Segment, long Length)> SpilledSegments(long fromInclusive, long toExclusive)
        {
            lock (shared._lock) return shared._inner.SpilledSegments(fromInclusive, toExclusive);
        }

        public void BeginCheckpoint(long checkpointId)
        {
            lock (shared._lock) shared._inner.BeginCheckpoint(checkpointId);
        }

        public void CheckpointComplete(long checkpointId)
        {
            lock (shared._lock) shared._inner.CheckpointComplete(checkpointId);
        }

        public void Add(object?[] row, long time)
        {
            lock (shared._lock) shared._inner.Add(row, time);
        }

        public void Probe(object?[] row, int[] keyColumns, long fromInclusive, long toExclusive, List<object?[]> matches)
        {
            lock (shared._lock) shared._inner.Probe(row, keyColumns, fromInclusive, toExclusive, matches);
        }

        public void Expire(long watermark)
        {
            lock (shared._lock)
            {
                var marks = shared._watermarks;
                if (subtask < marks.Length && watermark > marks[subtask]) marks[subtask] = watermark;
                var min = long.MaxValue;
                foreach (var m in marks) min = Math.Min(min, m);
                shared._inner.Expire(min);
            }
        }

        public void Snapshot(BinaryWriter writer)
        {
            writer.Write(subtask == 0);
            if (subtask != 0) return;
            lock (shared._lock) shared._inner.Snapshot(writer);
        }

        public void Restore(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return;
            lock (shared._lock) shared._inner.Restore(reader);
        }
    }
}
