using System.Globalization;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Connectors.Files;

/// <summary>
/// Reads files line by line (one record per line, <c>\r\n</c> or <c>\n</c>, empty lines skipped) and
/// decodes them with the table's format. File i of the sorted list is partition i, read by subtask
/// i mod parallelism; a subtask reads its files one after the other. Its position, for checkpoints,
/// is <c>fileIndex:byteOffset</c> of the next unread line.
/// </summary>
public sealed class FileSystemSource : ISource
{
    private const int BufferSize = 1 << 16;

    private readonly SourceContext _context;
    private readonly string _path;
    private readonly RecordDecoder _decoder;
    private readonly List<int> _files = [];
    private IReadOnlyList<string> _paths = [];
    private int _current;
    private FileStream? _stream;
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private long _line;
    private bool _eof;
    private bool _announced;

    /// <summary>A source subtask for <paramref name="context"/>.</summary>
    public FileSystemSource(SourceContext context)
    {
        _context = context;
        _path = context.Connector.Get("path")
            ?? throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"table '{context.Table}': option 'path' is required");
        _decoder = context.CreateDecoder();
    }

    /// <inheritdoc />
    public bool IsBounded => true;

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _paths = FileSystemPaths.ListInputs(_path, _context.Table);
        for (var i = 0; i < _paths.Count; i++)
        {
            if (i % _context.Parallelism == _context.SubtaskIndex) _files.Add(i);
        }
        long offset = 0;
        if (_context.RestoredPosition is { } position)
        {
            var parts = position.Split(':');
            var fileIndex = int.Parse(parts[0], CultureInfo.InvariantCulture);
            offset = long.Parse(parts[1], CultureInfo.InvariantCulture);
            _line = parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
            _current = Math.Max(0, _files.IndexOf(fileIndex));
            if (!_files.Contains(fileIndex)) _current = _files.Count(f => f < fileIndex);
        }
        if (_current < _files.Count) OpenFile(offset);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
    {
        while (_stream is not null && output.EmittedInCall < _context.BatchSize)
        {
            if (!_announced)
            {
                // Only the file being read counts for the watermark: files are read one after the other.
                _announced = true;
                output.PartitionAssigned(_files[_current]);
            }
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (!_eof)
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (_end > _start) EmitLine(output, _buffer.AsSpan(_start, _end - _start));
                _start = _end;
                output.PartitionFinished(_files[_current]);
                await NextFileAsync().ConfigureAwait(false);
                continue;
            }
            EmitLine(output, _buffer.AsSpan(_start, newline));
            _start += newline + 1;
        }
        return _stream is null ? SourceStatus.Finished : SourceStatus.Active;
    }

    private void EmitLine(ISourceOutput output, ReadOnlySpan<byte> line)
    {
        _line++;
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        if (line.Trim(" \t"u8).IsEmpty) return;
        var row = output.NewRow();
        if (_decoder.Decode(line, row, new Location(_paths[_files[_current]], _line)))
        {
            output.Emit(row, _files[_current]);
        }
    }

    /// <inheritdoc />
    public string? SnapshotPosition() =>
        _current < _files.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{_files[_current]}:{_bufferOffset + _start}:{_line}")
            : string.Create(CultureInfo.InvariantCulture, $"{int.MaxValue}:0:0");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
    }

    private void OpenFile(long offset)
    {
        var path = _paths[_files[_current]];
        try
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BsqlRuntimeException(RuntimeErrors.FileNotFound, $"table '{_context.Table}': cannot read '{path}': {e.Message}", e);
        }
        _stream.Seek(offset, SeekOrigin.Begin);
        _bufferOffset = offset;
        _start = _end = 0;
        _eof = false;
        _announced = false;
        if (offset == 0) _line = 0;
    }

    private async ValueTask NextFileAsync()
    {
        await _stream!.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        _current++;
        if (_current < _files.Count) OpenFile(0);
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await _stream!.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    private readonly record struct Location(string Path, long Line)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}:{Line}");
    }
}
