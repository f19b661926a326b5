namespace Bsql.Runtime.State.Spill;

/// <summary>
/// When spill files may be deleted. A file the operator no longer needs (its window fired, its partition
/// was rewritten) may still be named by the latest completed checkpoint, which a restore would read:
/// it is deleted only once a checkpoint begun after it was retired completes. Before any checkpoint
/// (none could name it) it is deleted at once.
/// </summary>
internal sealed class SpillFileTracker
{
    private readonly List<(string Path, long AfterCheckpoint)> _retired = [];
    private long _lastCheckpoint = -1;

    /// <summary>True once a checkpoint was begun or restored: files may be named by one.</summary>
    public bool Checkpointed { get; private set; }

    /// <summary>A checkpoint is being taken: files retired from now on may be needed by it.</summary>
    public void BeginCheckpoint(long checkpointId)
    {
        _lastCheckpoint = checkpointId;
        Checkpointed = true;
    }

    /// <summary>State was restored from a checkpoint, which names files.</summary>
    public void Restored() => Checkpointed = true;

    /// <summary>The operator no longer needs <paramref name="path"/>.</summary>
    public void Retire(string path)
    {
        if (Checkpointed) _retired.Add((path, _lastCheckpoint));
        else TryDelete(path);
    }

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: files retired before it began can go.</summary>
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

    /// <summary>Deletes every retired file (the job finished: no checkpoint will be restored).</summary>
    public void DeleteRetired()
    {
        foreach (var (path, _) in _retired) TryDelete(path);
        _retired.Clear();
    }

    /// <summary>Deletes a file, ignoring one that is gone or busy.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes <paramref name="directory"/> and everything in it (a finished job's spill folder).</summary>
    public static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes <paramref name="directory"/> if it is empty.</summary>
    public static void TryDeleteEmptyDirectory(string? directory)
    {
        if (directory is null) return;
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (IOException)
        {
        }
    }
}
