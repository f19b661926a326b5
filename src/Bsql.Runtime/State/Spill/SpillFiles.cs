namespace Bsql.Runtime.State.Spill;

/// <summary>
/// The segment files of one spilling store: where they go (a folder created at the first spill), and
/// when a segment that is no longer needed may be deleted. A checkpoint names live segments by path
/// and length, so a segment retired after a checkpoint began is deleted only once a later checkpoint
/// completes (the earlier one may still be restored and needs it).
/// </summary>
internal sealed class SpillFiles
{
    private readonly Func<string> _directory;
    private readonly List<(string Path, long AfterCheckpoint)> _retired = [];
    private readonly string _fileTag = Guid.NewGuid().ToString("N")[..8];
    private string? _dir;
    private long _lastCheckpoint = -1;
    private int _nextFile;

    /// <param name="directory">Where segments go (called once, at the first spill).</param>
    public SpillFiles(Func<string> directory) => _directory = directory;

    /// <summary>True once a checkpoint was taken or restored: live segments may be named by one.</summary>
    public bool Checkpointed { get; private set; }

    /// <summary>A new, empty segment named after <paramref name="prefix"/> and <paramref name="index"/>.</summary>
    public SegmentFile Create(string prefix, long index)
    {
        if (_dir is null)
        {
            _dir = _directory();
            Directory.CreateDirectory(_dir);
        }
        return new SegmentFile(Path.Combine(_dir, $"{prefix}-{index}-{_fileTag}-{_nextFile++}.seg"), 0, 0);
    }

    /// <summary>The segment at <paramref name="path"/> is no longer needed by the running store.</summary>
    public void Retire(string path)
    {
        if (Checkpointed) _retired.Add((path, _lastCheckpoint));
        else TryDelete(path);
    }

    /// <summary>A checkpoint is being taken: segments retired from now on may still be needed by it.</summary>
    public void BeginCheckpoint(long checkpointId)
    {
        _lastCheckpoint = checkpointId;
        Checkpointed = true;
    }

    /// <summary>The store was restored: its segments are named by a checkpoint that may be restored again.</summary>
    public void Restored() => Checkpointed = true;

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: segments retired before it began are deleted.</summary>
    public void CheckpointComplete(long checkpointId)
    {
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (checkpointId > _retired[i].AfterCheckpoint)
            {
                TryDelete(_retired[i].Path);
                _retired.RemoveAt(i);
            }
        }
    }

    /// <summary>Deletes <paramref name="live"/>, every retired segment and the folder if it is then empty (the job finished).</summary>
    public void DeleteAll(IEnumerable<string> live)
    {
        foreach (var path in live) TryDelete(path);
        foreach (var (path, _) in _retired) TryDelete(path);
        _retired.Clear();
        if (_dir is null) return;
        try
        {
            if (Directory.Exists(_dir) && !Directory.EnumerateFileSystemEntries(_dir).Any()) Directory.Delete(_dir);
        }
        catch (IOException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
