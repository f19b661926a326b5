using System.Globalization;
using System.Text;

namespace Bsql.Runtime.Execution.Checkpoints;

/// <summary>
/// Checkpoints on disk: <c>&lt;dir&gt;/&lt;job-id&gt;/chk-N/state.bin</c>. A checkpoint is written into
/// <c>chk-N.tmp</c> and renamed when complete, so a directory named <c>chk-N</c> is always whole; older
/// checkpoints are removed once a newer one is complete.
/// </summary>
internal sealed class CheckpointStore
{
    private const int Magic = 0x42535143; // "BSQC"
    private readonly string _root;

    public CheckpointStore(string directory, string jobId)
    {
        _root = Path.Combine(directory, jobId);
    }

    public string Root => _root;

    public (long Id, Dictionary<(int, int), SubtaskSnapshot> States)? LoadLatest()
    {
        if (!Directory.Exists(_root)) return null;
        var latest = Directory.EnumerateDirectories(_root, "chk-*")
            .Select(d => (Dir: d, Name: Path.GetFileName(d)))
            .Where(d => !d.Name.EndsWith(".tmp", StringComparison.Ordinal) && File.Exists(Path.Combine(d.Dir, "state.bin")))
            .Select(d => (d.Dir, Id: long.TryParse(d.Name[4..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : -1))
            .Where(d => d.Id >= 0)
            .OrderByDescending(d => d.Id)
            .FirstOrDefault();
        if (latest.Dir is null) return null;
        try
        {
            using var stream = File.OpenRead(Path.Combine(latest.Dir, "state.bin"));
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadInt32() != Magic) throw new InvalidDataException("not a BSQL checkpoint");
            var id = reader.ReadInt64();
            var count = reader.ReadInt32();
            var states = new Dictionary<(int, int), SubtaskSnapshot>();
            for (var i = 0; i < count; i++)
            {
                var op = reader.ReadInt32();
                var subtask = reader.ReadInt32();
                var position = reader.ReadBoolean() ? reader.ReadString() : null;
                var sink = reader.ReadBoolean() ? reader.ReadString() : null;
                var state = reader.ReadBytes(reader.ReadInt32());
                states[(op, subtask)] = new SubtaskSnapshot(op, subtask, position, sink, state);
            }
            return (id, states);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed, $"cannot read checkpoint '{latest.Dir}': {e.Message}", e);
        }
    }

    public void Write(long id, IReadOnlyCollection<SubtaskSnapshot> states)
    {
        Directory.CreateDirectory(_root);
        var final = Path.Combine(_root, "chk-" + id.ToString(CultureInfo.InvariantCulture));
        var temp = final + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        using (var stream = new FileStream(Path.Combine(temp, "state.bin"), FileMode.Create, FileAccess.Write))
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(id);
            writer.Write(states.Count);
            foreach (var s in states.OrderBy(s => s.OperatorId).ThenBy(s => s.Subtask))
            {
                writer.Write(s.OperatorId);
                writer.Write(s.Subtask);
                writer.Write(s.Position is not null);
                if (s.Position is not null) writer.Write(s.Position);
                writer.Write(s.SinkState is not null);
                if (s.SinkState is not null) writer.Write(s.SinkState);
                writer.Write(s.State.Length);
                writer.Write(s.State);
            }
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        // Ids only grow from the restored checkpoint on: an existing chk-N means another process runs this job (or
        // scale-out slot) from the same checkpoint, e.g. a worker expelled from the group that still runs.
        if (Directory.Exists(final) || LatestId() > id)
        {
            Directory.Delete(temp, recursive: true);
            throw new BsqlRuntimeException(RuntimeErrors.CheckpointFailed,
                $"checkpoint {id} of '{_root}' was written by another process: this job (or slot) runs twice; this run stops");
        }
        Directory.Move(temp, final);
        foreach (var old in Directory.EnumerateDirectories(_root, "chk-*"))
        {
            if (old != final) Directory.Delete(old, recursive: true);
        }
    }

    private long LatestId() => Directory.EnumerateDirectories(_root, "chk-*")
        .Select(Path.GetFileName)
        .Where(n => !n!.EndsWith(".tmp", StringComparison.Ordinal))
        .Select(n => long.TryParse(n![4..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1)
        .DefaultIfEmpty(-1)
        .Max();

    public void DeleteAll()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
