using Bsql.Runtime.Connectors.Nexmark;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>
/// One subtask of a <c>datagen</c> table (see <see cref="DatagenGenerator"/>): bounded when
/// <c>number-of-rows</c> or a sequence column bounds it; paced to this subtask's share of
/// <c>rows-per-second</c> on the job clock unless the rate is 0. The checkpoint position is the
/// number of rows emitted.
/// </summary>
public sealed class DatagenSource : ISource
{
    private readonly SourceContext _context;
    private readonly DatagenGenerator _generator;
    private readonly GeneratorPacer _pacer;
    private readonly GeneratorSplit _split;
    private long _startRows;

    /// <summary>Reads the options against the physical schema; a problem throws <see cref="BsqlRuntimeException"/> (BSQL4001).</summary>
    public DatagenSource(SourceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var errors = new List<GeneratorOptionError>();
        var config = DatagenConfig.FromOptions(context.PhysicalSchema, context.Connector.Options, errors);
        if (errors.Count > 0)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"table '{context.Table}': " + string.Join("; ", errors.Select(e => e.Message)));
        }
        _generator = new DatagenGenerator(config, context.SubtaskIndex, context.Parallelism, context.Time);
        _pacer = new GeneratorPacer(context.Time);
        _split = new GeneratorSplit(context, "a row");
    }

    /// <inheritdoc />
    public bool IsBounded => _generator.IsBounded;

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        if (_split.RestoredCount(_generator.MaxRows) is { } emitted) _generator.Seek(emitted);
        _pacer.Restart();
        _startRows = _generator.RowsEmitted;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
    {
        if (_split.ReportProgress(output, _generator.HasNext)) return SourceStatus.Finished;
        var partition = _split.Partition;
        var batchSize = _context.BatchSize;
        var rate = _generator.RowsPerSecond;
        if (rate <= 0)
        {
            while (output.EmittedInCall < batchSize && _generator.HasNext) Emit(output, partition);
            return SourceStatus.Active;
        }
        // Row k (counted from open) is due k / rate seconds after the source opened.
        var due = (long)Math.Floor(_pacer.ElapsedMs * rate / 1000.0) + 1;
        while (output.EmittedInCall < batchSize && _generator.HasNext && _generator.RowsEmitted - _startRows < due) Emit(output, partition);
        if (output.EmittedInCall == 0)
        {
            await _pacer.WaitForAsync((_generator.RowsEmitted - _startRows) * 1000.0 / rate, cancellationToken).ConfigureAwait(false);
        }
        return SourceStatus.Active;
    }

    private void Emit(ISourceOutput output, int partition)
    {
        var row = output.NewRow();
        _generator.NextInto(row);
        output.Emit(row, partition);
    }

    /// <inheritdoc />
    public string? SnapshotPosition() => GeneratorSplit.Position(_generator.RowsEmitted);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
