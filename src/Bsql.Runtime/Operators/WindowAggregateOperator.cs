using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Operators.Aggregates;
using System.Runtime.InteropServices;
using Bsql.Runtime.State;
using Bsql.Runtime.State.Spill;
using Bsql.Runtime.Time;

namespace Bsql.Runtime.Operators;

/// <summary>
/// TUMBLE / HOP / CUMULATE (and attached: windows carried by the rows) window aggregation (<see cref="WindowAggregateSpec"/>), by slicing: each row
/// updates one accumulator per key in its slice (a tumbling window, the gcd of a hop's size and slide,
/// a cumulate's step); when the watermark reaches a window's end - 1, the window's slices are merged
/// per key and one row per key is emitted. Windows fire in order of end, keys in first-seen order.
/// A row whose first window has already fired is late: dropped and counted. SESSION windows are
/// handled by <see cref="SessionWindowAggregateOperator"/>.
/// <para>
/// Memory: per-key entries are sized as they are created (<see cref="Accumulator.EstimatedBytes"/>); when
/// the estimate passes the subtask's share of <c>state.memory.max</c>, whole slices are spilled, the one
/// that fires last first, into hash-partitioned append-only files. A window with spilled slices fires
/// a partition at a time (its records merged per key in memory), so firing needs memory for one
/// partition only. Firings are emitted in slices of rows (<see cref="StreamOperator.HasPendingWork"/>), so
/// a window of millions of keys flows downstream with backpressure. See docs/design.md, "Keyed state spill".
/// </para>
/// </summary>
public sealed class WindowAggregateOperator : StreamOperator
{
    /// <summary>RowKey object, dictionary entry and bucket (with growth slack), accumulator array header.</summary>
    private const int EntryOverhead = 32 + 40 + 24;

    private sealed class Slice
    {
        public Dictionary<RowKey, Accumulator[]> Keys = null!;
        public long Bytes;
        public SpillPartitions? Spilled;
    }

    private readonly WindowAggregateSpec _spec;
    private readonly KeyedStateOptions _options;
    private readonly int[] _keys;
    private readonly int _timeIndex;
    private readonly bool _procTime;
    private readonly long _size;
    private readonly long _slice;
    private readonly long _slide;
    private readonly long _offset;
    private readonly bool _cumulate;
    private readonly AttachedWindow? _attached;
    private readonly Dictionary<long, long> _attachedStarts = [];
    private readonly Dictionary<long, Slice> _slices = [];
    private readonly SortedSet<long> _sliceEnds = [];
    private readonly SortedSet<long> _pendingWindows = [];
    private readonly SpillFileTracker _files = new();
    private SpillMemory _collector = new(long.MaxValue);
    private readonly HashSet<string> _adoptedDirectories = [];
    private AggregateSet _aggregates = null!;
    private bool _rowtimeLtz;
    private bool _grows;
    private long _lastSliceEnd = long.MinValue;
    private Slice? _lastSlice;
    private long _memoryMax = long.MaxValue;
    private object?[] _keyScratch = [];
    private Dictionary<RowKey, Accumulator[]>? _spareKeys;
    private readonly RowKeyComparer _comparer = new();
    private long _boxedStart = long.MinValue;
    private long _boxedEnd = long.MinValue;
    private object? _startBox;
    private object? _endBox;
    private object? _rowTimeBox;
    private string? _spillDirectory;
    private IEnumerator<bool>? _firing;
    private long _fireProgress = long.MinValue;
    private long? _heldWatermark;
    private int _sinceYield;
    private int _nextSpillPartition;
    private bool _ended;
    private LocalWindowTime? _local;

    /// <summary>An operator executing <paramref name="spec"/> (TUMBLE, HOP, CUMULATE or attached windows).</summary>
    public WindowAggregateOperator(WindowAggregateSpec spec, KeyedStateOptions? options = null)
    {
        _spec = spec;
        _options = options ?? new KeyedStateOptions();
        _keys = [.. spec.GroupKeys];
        _timeIndex = spec.Window.TimeIndex;
        _procTime = spec.Window.ProcTime;
        switch (spec.Window)
        {
            case TumbleWindow t:
                _size = t.SizeMs; _slide = t.SizeMs; _slice = t.SizeMs; _offset = t.OffsetMs;
                break;
            case HopWindow h:
                _size = h.SizeMs; _slide = h.SlideMs; _slice = Gcd(h.SizeMs, h.SlideMs);
                break;
            case CumulateWindow c:
                _size = c.SizeMs; _slide = c.StepMs; _slice = c.StepMs; _cumulate = true;
                break;
            case AttachedWindow a:
                // Windows come with the rows (start and end columns): each window is its own slice.
                _attached = a;
                _size = 1; _slide = 1; _slice = 1;
                break;
            default:
                throw new ArgumentException($"{spec.Window.GetType().Name} is not a sliced window", nameof(spec));
        }
        if (_size <= 0 || _slice <= 0) throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.InvalidPlan, "window size and slide must be positive");
    }

    /// <summary>Estimated bytes of keyed state in memory now.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>The largest <see cref="MemoryBytes"/> seen after a batch.</summary>
    public long PeakMemoryBytes { get; private set; }

    /// <summary>Bytes written to spill files so far.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Key entries written to spill files so far.</summary>
    public long SpilledEntries { get; private set; }

    /// <inheritdoc />
    public override ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        EnsureAggregates();
        return ValueTask.CompletedTask;
    }

    private void EnsureAggregates()
    {
        if (_aggregates is not null) return;
        var input = Context.InputSchemas[0];
        _aggregates = new AggregateSet(_spec.Aggregates, input, retractable: false);
        _grows = _aggregates.Create(null).Any(a => a.Grows);
        _rowtimeLtz = input[_timeIndex].Type.Kind == SqlTypeKind.TimestampLtz;
        _local = LocalWindowTime.For(Context.SessionTimeZone, _rowtimeLtz || _procTime);
        var max = _options.MemoryMaxBytes ?? Context.JobOptions.StateMemoryMaxBytes / Math.Max(1, Context.Parallelism);
        _memoryMax = max is > 0 ? Math.Max(1, (long)(max.Value * _options.LiveStateShare)) : long.MaxValue;
        _collector = new SpillMemory(_memoryMax);
    }

    /// <inheritdoc />
    public override void ProcessBatch(int input, RowBatch batch)
    {
        DrainFiring();
        var rows = batch.Rows;
        var kinds = batch.Kinds;
        var watermark = WindowTime(CurrentWatermark);
        var now = _procTime ? WindowTime(Context.Timers.CurrentProcessingTime) : 0;
        long late = 0;
        long added = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            if (kinds is not null && kinds[r] is RowKind.UpdateBefore or RowKind.Delete) continue;
            var row = rows[r];
            long sliceEnd;
            if (_attached is not null)
            {
                if (row[_attached.EndIndex] is not { } endValue || row[_attached.StartIndex] is not { } startValue)
                {
                    late++;
                    continue;
                }
                sliceEnd = EventTime.ToMillis(endValue);
                _attachedStarts.TryAdd(sliceEnd, EventTime.ToMillis(startValue));
            }
            else
            {
                long t;
                if (_procTime) t = now;
                else if (row[_timeIndex] is { } ts) t = WindowTime(EventTime.ToMillis(ts));
                else
                {
                    late++;
                    continue;
                }
                sliceEnd = SliceEnd(t);
            }
            if (!_procTime && sliceEnd - 1 <= watermark)
            {
                late++;
                continue;
            }
            var slice = GetSlice(sliceEnd);
            // Looked up by the row's key columns: the key is only built for a new entry.
            var lookup = slice.Keys.GetAlternateLookup<KeyColumns>();
            ref var accumulators = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, new KeyColumns(row, _keys), out var exists);
            if (!exists)
            {
                accumulators = _aggregates.Create(row);
                var bytes = EntryBytes(row, accumulators);
                slice.Bytes += bytes;
                added += bytes;
            }
            if (_grows)
            {
                var before = AccumulatorBytes(accumulators!);
                _aggregates.Add(accumulators!, row);
                var delta = AccumulatorBytes(accumulators!) - before;
                slice.Bytes += delta;
                added += delta;
            }
            else
            {
                _aggregates.Add(accumulators!, row);
            }
        }
        if (late > 0) Context.Metrics.AddLate(late);
        MemoryBytes += added;
        if (MemoryBytes > _memoryMax) Spill();
        if (MemoryBytes > PeakMemoryBytes)
        {
            PeakMemoryBytes = MemoryBytes;
            Context.Metrics.ObserveStateBytes(MemoryBytes);
        }
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark)
    {
        if (!_procTime) StartFire(WindowTime(watermark));
        // Downstream sees the watermark only after every row of the windows it closed.
        if (_firing is null) base.ProcessWatermark(watermark);
        else _heldWatermark = watermark;
    }

    /// <inheritdoc />
    public override void OnTimer(long time, object key, bool processingTime)
    {
        if (processingTime) StartFire(WindowTime(time));
    }

    /// <inheritdoc />
    public override void EndOfInput(int input)
    {
        _ended = true;
        // A bounded input flushes processing-time windows too (event-time ones fired on the final watermark).
        StartFire(long.MaxValue);
    }

    /// <inheritdoc />
    public override bool HasPendingWork => _firing is not null;

    /// <inheritdoc />
    public override void ContinueWork() => Step();

    /// <inheritdoc />
    public override ValueTask PrepareCheckpointAsync(long checkpointId, CancellationToken cancellationToken)
    {
        DrainFiring();
        _files.BeginCheckpoint(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask NotifyCheckpointCompleteAsync(long checkpointId, CancellationToken cancellationToken)
    {
        _files.CheckpointComplete(checkpointId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void SnapshotState(BinaryWriter writer)
    {
        DrainFiring();
        if (!_files.Checkpointed) _files.BeginCheckpoint(0);
        writer.Write(_slices.Count);
        foreach (var end in _sliceEnds)
        {
            var slice = _slices[end];
            writer.Write(end);
            writer.Write(slice.Keys.Count);
            foreach (var (key, accumulators) in slice.Keys)
            {
                ValueCodec.WriteRow(writer, key.Values);
                foreach (var a in accumulators) a.Write(writer);
            }
        }
        writer.Write(_pendingWindows.Count);
        foreach (var end in _pendingWindows) writer.Write(end);
        writer.Write(_attachedStarts.Count);
        foreach (var (end, start) in _attachedStarts)
        {
            writer.Write(end);
            writer.Write(start);
        }
        // Spilled slices: files by path and length (appended after the in-memory layout, which older checkpoints end with).
        var spilled = _slices.Where(s => s.Value.Spilled is not null).ToList();
        writer.Write(spilled.Count);
        foreach (var (end, slice) in spilled)
        {
            writer.Write(end);
            slice.Spilled!.Snapshot(writer);
        }
    }

    /// <inheritdoc />
    public override void RestoreState(BinaryReader reader)
    {
        EnsureAggregates();
        var slices = reader.ReadInt32();
        for (var s = 0; s < slices; s++)
        {
            var end = reader.ReadInt64();
            var count = reader.ReadInt32();
            var slice = new Slice { Keys = NewKeys(count) };
            for (var k = 0; k < count; k++)
            {
                var key = new RowKey(ValueCodec.ReadRow(reader));
                var accumulators = _aggregates.Create(null);
                foreach (var a in accumulators) a.Read(reader);
                slice.Keys[key] = accumulators;
                slice.Bytes += EntryBytes(key, accumulators);
            }
            MemoryBytes += slice.Bytes;
            _slices[end] = slice;
            _sliceEnds.Add(end);
        }
        var windows = reader.ReadInt32();
        for (var w = 0; w < windows; w++) _pendingWindows.Add(reader.ReadInt64());
        var starts = reader.ReadInt32();
        for (var i = 0; i < starts; i++) _attachedStarts[reader.ReadInt64()] = reader.ReadInt64();
        if (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var spilled = reader.ReadInt32();
            for (var i = 0; i < spilled; i++)
            {
                var end = reader.ReadInt64();
                var files = SpillPartitions.Restore(reader, SpillDirectory());
                _slices[end].Spilled = files;
                foreach (var path in files.Paths) _adoptedDirectories.Add(Path.GetDirectoryName(path)!);
            }
        }
        _files.Restored();
    }

    /// <inheritdoc />
    public override ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _firing?.Dispose();
        _firing = null;
        // A finished job needs no spill file any more; after a failure, a checkpoint may still name them.
        if (_ended || !_files.Checkpointed)
        {
            foreach (var slice in _slices.Values)
            {
                if (slice.Spilled is { } spilled) foreach (var path in spilled.Paths) SpillFileTracker.TryDelete(path);
            }
            _files.DeleteRetired();
            SpillFileTracker.TryDeleteEmptyDirectory(_spillDirectory);
            // Restored files came from an earlier run's folder, which may also hold files it wrote after that checkpoint.
            if (_ended) foreach (var dir in _adoptedDirectories) SpillFileTracker.TryDeleteDirectory(dir);
        }
        return ValueTask.CompletedTask;
    }

    private long EntryBytes(RowKey key, Accumulator[] accumulators) =>
        RowSizeEstimator.Estimate(key.Values, EntryOverhead + 8 * accumulators.Length) + AccumulatorBytes(accumulators);

    /// <summary>The size of the entry of <paramref name="row"/>'s key, as <see cref="EntryBytes(RowKey, Accumulator[])"/> sizes it.</summary>
    private long EntryBytes(object?[] row, Accumulator[] accumulators)
    {
        if (_keyScratch.Length != _keys.Length) _keyScratch = new object?[_keys.Length];
        for (var i = 0; i < _keys.Length; i++) _keyScratch[i] = row[_keys[i]];
        var bytes = RowSizeEstimator.Estimate(_keyScratch, EntryOverhead + 8 * accumulators.Length) + AccumulatorBytes(accumulators);
        Array.Clear(_keyScratch);
        return bytes;
    }

    /// <summary>A new table of a slice's keys, looked up by row (<see cref="RowKeyComparer"/>).</summary>
    private Dictionary<RowKey, Accumulator[]> NewKeys(int capacity) => new(capacity, _comparer);

    private static long AccumulatorBytes(Accumulator[] accumulators)
    {
        long bytes = 0;
        foreach (var a in accumulators) bytes += a.EstimatedBytes;
        return bytes;
    }

    /// <summary>
    /// Spills until state is at 3/4 of the limit, from the slice that fires last: whole slices while that
    /// is not enough, then just enough hash partitions of the next one. Spilling a quarter of the state at
    /// a time (rather than a whole slice, all of the state for one tumbling window) keeps the garbage
    /// each spill leaves, and so the heap above the limit, to about a quarter of the limit.
    /// </summary>
    private void Spill()
    {
        var target = _memoryMax / 2;
        var before = MemoryBytes;
        foreach (var end in _sliceEnds.Reverse().ToList())
        {
            var excess = MemoryBytes - target;
            if (excess <= 0) break;
            var slice = _slices[end];
            if (slice.Keys.Count == 0) continue;
            if (slice.Bytes <= excess)
            {
                SpillSlice(end, slice, null);
                continue;
            }
            // Partitions hold about equal shares of a slice's keys: take enough of them, round-robin.
            var partitions = _options.SpillPartitions;
            var count = (int)Math.Min(partitions, excess * partitions / slice.Bytes + 1);
            var chosen = new bool[partitions];
            for (var i = 0; i < count; i++) chosen[(_nextSpillPartition + i) % partitions] = true;
            _nextSpillPartition = (_nextSpillPartition + count) % partitions;
            SpillSlice(end, slice, chosen);
        }
        _collector.Freed(before - MemoryBytes);
    }

    /// <summary>Appends the slice's entries of the <paramref name="partitions"/> chosen (null: all) to its files and frees them.</summary>
    private void SpillSlice(long end, Slice slice, bool[]? partitions)
    {
        var files = slice.Spilled ??= new SpillPartitions(SpillDirectory(), $"w{end}", _options.SpillPartitions);
        var count = files.Count;
        long freed = 0;
        long entries = 0;
        using (var append = files.Append())
        {
            foreach (var (key, accumulators) in slice.Keys)
            {
                var p = SpillPartitions.PartitionOf(key, count);
                if (partitions is not null && !partitions[p]) continue;
                var writer = append.Writer(p);
                ValueCodec.WriteRow(writer, key.Values);
                foreach (var a in accumulators) a.Write(writer);
                var bytes = EntryBytes(key, accumulators);
                append.Wrote(p, bytes);
                freed += bytes;
                entries++;
                // Removing the entry being enumerated is allowed (Dictionary keeps enumerating correctly).
                if (partitions is not null) slice.Keys.Remove(key);
            }
            append.Dispose();
            SpilledBytes += append.BytesWritten;
            Context.Metrics.AddSpilled(append.BytesWritten);
        }
        SpilledEntries += entries;
        if (partitions is not null)
        {
            slice.Bytes -= freed;
            MemoryBytes -= freed;
            return;
        }
        MemoryBytes -= slice.Bytes;
        slice.Bytes = 0;
        // The slice rows arrive for keeps its table's capacity (it refills); another one gives its memory back.
        if (ReferenceEquals(slice, _lastSlice)) slice.Keys.Clear();
        else slice.Keys = NewKeys(0);
    }

    private string SpillDirectory() => _spillDirectory ??= Context.NewSpillDirectory("winagg", _options.SpillDirectory);

    private Slice GetSlice(long sliceEnd)
    {
        if (sliceEnd == _lastSliceEnd) return _lastSlice!;
        if (!_slices.TryGetValue(sliceEnd, out var slice))
        {
            slice = new Slice { Keys = _spareKeys ?? NewKeys(0) };
            _spareKeys = null;
            _slices[sliceEnd] = slice;
            _sliceEnds.Add(sliceEnd);
            RegisterWindows(sliceEnd);
        }
        _lastSliceEnd = sliceEnd;
        _lastSlice = slice;
        return slice;
    }

    private void RegisterWindows(long sliceEnd)
    {
        if (_attached is not null)
        {
            AddWindow(sliceEnd);
            return;
        }
        if (_cumulate)
        {
            var start = FloorDiv(sliceEnd - 1, _size) * _size;
            for (var e = sliceEnd; e <= start + _size; e += _slide) AddWindow(e);
            return;
        }
        // Windows [e - size, e) with e on the slide grid that contain slice (sliceEnd - slice, sliceEnd].
        var first = CeilTo(sliceEnd - _offset, _slide) + _offset;
        for (var e = first; e - _size <= sliceEnd - _slice; e += _slide) AddWindow(e);
    }

    private void AddWindow(long end)
    {
        if (_pendingWindows.Add(end) && _procTime) Context.Timers.RegisterProcessingTimer(Instant(end) - 1, WindowTimerKey);
    }

    private static readonly object WindowTimerKey = "window";

    /// <summary>Fires every window that ends by <paramref name="progress"/>: the first slice of rows now, the rest as pending work.</summary>
    private void StartFire(long progress)
    {
        if (progress > _fireProgress) _fireProgress = progress;
        if (_firing is null)
        {
            if (_pendingWindows.Count == 0 || _pendingWindows.Min - 1 > _fireProgress) return;
            _firing = FireSteps().GetEnumerator();
        }
        Step();
    }

    private void Step()
    {
        _sinceYield = 0;
        if (_firing!.MoveNext()) return;
        _firing.Dispose();
        _firing = null;
        if (_heldWatermark is { } watermark)
        {
            _heldWatermark = null;
            EmitWatermark(watermark);
        }
    }

    /// <summary>Finishes a firing in progress at once (before new input or a snapshot changes the state it reads).</summary>
    private void DrainFiring()
    {
        while (_firing is not null) Step();
    }

    /// <summary>The firing as a sequence of steps: each step emits about <see cref="KeyedStateOptions.EmitSliceRows"/> rows.</summary>
    private IEnumerable<bool> FireSteps()
    {
        var fired = false;
        while (_pendingWindows.Count > 0 && _pendingWindows.Min - 1 <= _fireProgress)
        {
            var end = _pendingWindows.Min;
            _pendingWindows.Remove(end);
            fired = true;
            foreach (var step in EmitWindow(end)) yield return step;
        }
        if (fired) DropFiredSlices();
    }

    private void DropFiredSlices()
    {
        if (_attached is not null)
        {
            while (_sliceEnds.Count > 0 && !_pendingWindows.Contains(_sliceEnds.Min))
            {
                _attachedStarts.Remove(_sliceEnds.Min);
                RemoveSlice(_sliceEnds.Min);
            }
        }
        else if (_pendingWindows.Count == 0)
        {
            while (_sliceEnds.Count > 0) RemoveSlice(_sliceEnds.Min);
        }
        else
        {
            var keepAfter = WindowStart(_pendingWindows.Min);
            while (_sliceEnds.Count > 0 && _sliceEnds.Min <= keepAfter) RemoveSlice(_sliceEnds.Min);
        }
        _lastSliceEnd = long.MinValue;
        _lastSlice = null;
    }

    private void RemoveSlice(long end)
    {
        _sliceEnds.Remove(end);
        if (!_slices.Remove(end, out var slice)) return;
        MemoryBytes -= slice.Bytes;
        if (slice.Spilled is { } spilled) foreach (var path in spilled.Paths) _files.Retire(path);
        // The next slice reuses the table (and its capacity): a window's table of thousands of keys is a large
        // object, and allocating one per window made the runtime collect generation 2 every few windows.
        slice.Keys.Clear();
        _spareKeys ??= slice.Keys;
    }

    private IEnumerable<bool> EmitWindow(long end)
    {
        var start = _attached is not null ? _attachedStarts.GetValueOrDefault(end) : WindowStart(end);
        var slices = new List<(long End, Slice Slice)>();
        if (_attached is not null || end - start == _slice)
        {
            if (_slices.TryGetValue(end, out var only)) slices.Add((end, only));
        }
        else
        {
            for (var s = start + _slice; s <= end; s += _slice)
            {
                if (_slices.TryGetValue(s, out var slice)) slices.Add((s, slice));
            }
        }
        if (slices.Count == 0) yield break;
        if (slices.Exists(s => s.Slice.Spilled is not null))
        {
            foreach (var step in EmitSpilledWindow(slices, start, end)) yield return step;
            yield break;
        }
        var keys = slices[0].Slice.Keys;
        if (slices.Count > 1)
        {
            keys = new Dictionary<RowKey, Accumulator[]>(keys.Count);
            foreach (var (_, slice) in slices) MergeInto(keys, slice.Keys);
        }
        foreach (var (key, accumulators) in keys)
        {
            EmitRow(key, accumulators, start, end);
            if (_sinceYield >= _options.EmitSliceRows) yield return true;
        }
    }

    /// <summary>
    /// A window with spilled slices: the in-memory part of each of its slices is spilled too, then the
    /// window is merged and emitted one hash partition at a time, so memory holds one partition.
    /// </summary>
    private IEnumerable<bool> EmitSpilledWindow(List<(long End, Slice Slice)> slices, long start, long end)
    {
        foreach (var (sliceEnd, slice) in slices)
        {
            if (slice.Keys.Count > 0) SpillSlice(sliceEnd, slice, null);
        }
        var partitions = slices.First(s => s.Slice.Spilled is not null).Slice.Spilled!.Count;
        foreach (var (_, slice) in slices)
        {
            if (slice.Spilled is { } s && s.Count != partitions)
            {
                throw new InvalidDataException($"spilled slices of one window have {s.Count} and {partitions} partitions");
            }
        }
        var merged = new Dictionary<RowKey, Accumulator[]>();
        for (var p = 0; p < partitions; p++)
        {
            long bytes = 0;
            foreach (var (_, slice) in slices) bytes += slice.Spilled?.Estimate(p) ?? 0;
            foreach (var (_, slice) in slices)
            {
                slice.Spilled?.Read(p, reader =>
                {
                    var key = new RowKey(ValueCodec.ReadRow(reader));
                    var accumulators = _aggregates.Create(null);
                    foreach (var a in accumulators) a.Read(reader);
                    ref var target = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, key, out var exists);
                    if (exists) AggregateSet.Merge(target!, accumulators);
                    else target = accumulators;
                });
            }
            foreach (var (key, accumulators) in merged)
            {
                EmitRow(key, accumulators, start, end);
                if (_sinceYield >= _options.EmitSliceRows) yield return true;
            }
            merged.Clear();
            _collector.Freed(bytes);
        }
    }

    private void MergeInto(Dictionary<RowKey, Accumulator[]> merged, Dictionary<RowKey, Accumulator[]> slice)
    {
        foreach (var (key, accumulators) in slice)
        {
            if (!merged.TryGetValue(key, out var target))
            {
                target = _aggregates.Create(null);
                merged[key] = target;
            }
            AggregateSet.Merge(target, accumulators);
        }
    }

    private void EmitRow(RowKey key, Accumulator[] accumulators, long start, long end)
    {
        _sinceYield++;
        var keyCount = key.Values.Length;
        var properties = _spec.Properties;
        var row = new object?[keyCount + accumulators.Length + properties.Length];
        Array.Copy(key.Values, row, keyCount);
        AggregateSet.WriteResults(accumulators, row, keyCount);
        var p = keyCount + accumulators.Length;
        // The window's bounds are the same for all its rows: boxed once per window.
        if (start != _boxedStart || end != _boxedEnd)
        {
            _boxedStart = start;
            _boxedEnd = end;
            _startBox = EventTime.ToTimestamp(start);
            _endBox = EventTime.ToTimestamp(end);
            _rowTimeBox = _rowtimeLtz ? EventTime.ToTimestampLtz(Instant(end) - 1) : EventTime.ToTimestamp(end - 1);
        }
        foreach (var property in properties)
        {
            row[p++] = property switch
            {
                WindowProperty.Start => _startBox,
                WindowProperty.End => _endBox,
                WindowProperty.RowTime => _rowTimeBox,
                _ => EventTime.ToTimestampLtz(Context.Timers.CurrentProcessingTime),
            };
        }
        Collect(row);
    }

    /// <summary>Window time of an instant: epoch milliseconds, or the session zone's wall clock for local windows.</summary>
    private long WindowTime(long epochMs) => _local is null ? epochMs : _local.ToLocal(epochMs);

    /// <summary>The instant a window end (in window time) stands for.</summary>
    private long Instant(long windowTime) => _local is null ? windowTime : _local.ToUtc(windowTime);

    private long SliceEnd(long t) => _cumulate || _offset == 0
        ? FloorDiv(t, _slice) * _slice + _slice
        : FloorDiv(t - _offset, _slice) * _slice + _offset + _slice;

    private long WindowStart(long end) => _cumulate ? FloorDiv(end - 1, _size) * _size : end - _size;

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long CeilTo(long value, long step) => -FloorDiv(-value, step) * step;

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
