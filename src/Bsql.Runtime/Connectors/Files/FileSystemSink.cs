using System.Buffers;
using System.Globalization;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Connectors.Files;

/// <summary>
/// Writes part files into the directory <c>path</c>, one record per line. A part file is written as
/// <c>.part-&lt;job&gt;-&lt;subtask&gt;-&lt;n&gt;.&lt;ext&gt;.inprogress</c> (invisible to readers) and renamed to
/// <c>part-&lt;job&gt;-&lt;subtask&gt;-&lt;n&gt;.&lt;ext&gt;</c> when the checkpoint that closed it completes, or when a
/// bounded job finishes: a reader never sees a half-written file. A file rolls over at
/// <c>sink.rolling-policy.file-size</c> bytes (default 128 MB) or at a checkpoint. On restore, the
/// files the checkpoint had closed are committed and any other in-progress file of this subtask is
/// deleted (its rows are written again after the restored position).
/// </summary>
public sealed class FileSystemSink : ISink
{
    private readonly SinkContext _context;
    private readonly string _directory;
    private readonly IRowEncoder _encoder;
    private readonly string _extension;
    private readonly long _rollBytes;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly List<(long Checkpoint, string File)> _pending = [];
    private FileStream? _stream;
    private string? _currentFile;
    private int _counter;

    /// <summary>A sink subtask for <paramref name="context"/>.</summary>
    public FileSystemSink(SinkContext context)
    {
        _context = context;
        _directory = context.Connector.Get("path")
            ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{context.Table}': option 'path' is required");
        var format = context.Connector.Get("format")
            ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{context.Table}': option 'format' is required");
        _encoder = context.Formats.CreateEncoder(format, context.Schema, context.Connector);
        _extension = format;
        var roll = context.Connector.Get("sink.rolling-policy.file-size");
        _rollBytes = roll is null ? 128L << 20 : ParseSize(roll, context.Table);
    }

    private string Prefix => _context.Slot is { } slot
        ? string.Create(CultureInfo.InvariantCulture, $"part-{Sanitize(_context.JobId)}-s{slot}-{_context.SubtaskIndex}-")
        : string.Create(CultureInfo.InvariantCulture, $"part-{Sanitize(_context.JobId)}-{_context.SubtaskIndex}-");

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BsqlRuntimeException(RuntimeErrors.SinkFailed, $"table '{_context.Table}': cannot create directory '{_directory}': {e.Message}", e);
        }
        var committed = new HashSet<string>(StringComparer.Ordinal);
        if (_context.RestoredState is { } state)
        {
            foreach (var file in state.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Commit(file);
                committed.Add(file);
            }
        }
        // In-progress files of this subtask not covered by the checkpoint hold rows that will be written again.
        foreach (var file in Directory.EnumerateFiles(_directory, "." + Prefix + "*.inprogress"))
        {
            File.Delete(file);
        }
        // Continue numbering after the files already there, so nothing is overwritten.
        foreach (var file in Directory.EnumerateFiles(_directory, Prefix + "*"))
        {
            var name = Path.GetFileNameWithoutExtension(file)[Prefix.Length..];
            if (int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) _counter = Math.Max(_counter, n + 1);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++)
        {
            var kind = batch.KindAt(i);
            if (kind is RowKind.UpdateBefore or RowKind.Delete) continue;
            _encoder.Encode(batch[i], kind, _buffer);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
        }
        if (_buffer.WrittenCount == 0) return;
        _stream ??= OpenPart();
        await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (_stream.Position >= _rollBytes) await ClosePartAsync(-1).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<string?> PrepareCommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        await ClosePartAsync(checkpointId).ConfigureAwait(false);
        for (var i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].Checkpoint < 0) _pending[i] = (checkpointId, _pending[i].File);
        }
        var files = _pending.Where(p => p.Checkpoint <= checkpointId).Select(p => p.File).ToList();
        return files.Count == 0 ? null : string.Join('\n', files);
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(long checkpointId, CancellationToken cancellationToken)
    {
        foreach (var (checkpoint, file) in _pending.Where(p => p.Checkpoint >= 0 && p.Checkpoint <= checkpointId).ToList())
        {
            Commit(file);
            _pending.Remove((checkpoint, file));
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await ClosePartAsync(-1).ConfigureAwait(false);
        foreach (var (_, file) in _pending) Commit(file);
        _pending.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
    }

    private FileStream OpenPart()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{_counter++}.{_extension}");
        _currentFile = name;
        return new FileStream(Path.Combine(_directory, "." + name + ".inprogress"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    private async ValueTask ClosePartAsync(long checkpointId)
    {
        if (_stream is null) return;
        await _stream.FlushAsync().ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        _pending.Add((checkpointId, _currentFile!));
        _currentFile = null;
    }

    private void Commit(string name)
    {
        var from = Path.Combine(_directory, "." + name + ".inprogress");
        var to = Path.Combine(_directory, name);
        if (File.Exists(from)) File.Move(from, to, overwrite: true);
    }

    private static string Sanitize(string text) => string.Concat(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private static long ParseSize(string text, string table)
    {
        var t = text.Trim().ToLowerInvariant();
        long unit = 1;
        foreach (var (suffix, factor) in new[] { ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30), ("k", 1L << 10), ("m", 1L << 20), ("g", 1L << 30), ("b", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = factor;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }
        return long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n * unit
            : throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{table}': option 'sink.rolling-policy.file-size' is not a size: '{text}'");
    }
}
