using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>
/// One subtask of a <c>nexmark</c> table: generates its split of the events (see
/// <see cref="NexmarkGenerator"/>) into the table's physical columns
/// <c>(event_type INT, person ROW, auction ROW, bid ROW)</c>. Bounded when <c>events.num</c> is set
/// (and <c>keep-alive</c> is not); as fast as possible unless <c>max-emit-speed</c> is false, then
/// each event is emitted when the job clock reaches its event-time offset from the base time.
/// The checkpoint position is the number of events emitted. After a restore, pacing starts afresh
/// from the restored event (Flink also restores the original wall-clock base and so bursts to catch
/// up with the time the job was down; we keep the configured rate instead).
/// </summary>
public sealed class NexmarkSource : ISource
{
    private static readonly SqlTypeKind[] PersonKinds =
        [SqlTypeKind.BigInt, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.Timestamp, SqlTypeKind.VarChar];
    private static readonly SqlTypeKind[] AuctionKinds =
        [SqlTypeKind.BigInt, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.BigInt, SqlTypeKind.BigInt, SqlTypeKind.Timestamp, SqlTypeKind.Timestamp, SqlTypeKind.BigInt, SqlTypeKind.BigInt, SqlTypeKind.VarChar];
    private static readonly SqlTypeKind[] BidKinds =
        [SqlTypeKind.BigInt, SqlTypeKind.BigInt, SqlTypeKind.BigInt, SqlTypeKind.VarChar, SqlTypeKind.VarChar, SqlTypeKind.Timestamp, SqlTypeKind.VarChar];

    private readonly SourceContext _context;
    private readonly NexmarkConfig _config;
    private readonly NexmarkGenerator _generator;
    private readonly GeneratorPacer _pacer;
    private readonly GeneratorSplit _split;
    private long _startDueOffsetMs;

    /// <summary>Reads the options and checks the schema; a problem throws <see cref="BsqlRuntimeException"/> (BSQL4001).</summary>
    public NexmarkSource(SourceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var errors = new List<GeneratorOptionError>();
        _config = NexmarkConfig.FromOptions(context.Connector.Options, errors);
        if (errors.Count > 0)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"table '{context.Table}': " + string.Join("; ", errors.Select(e => e.Message)));
        }
        CheckSchema(context);
        _generator = new NexmarkGenerator(_config, context.SubtaskIndex, context.Parallelism);
        _pacer = new GeneratorPacer(context.Time);
        _split = new GeneratorSplit(context, "an event");
    }

    /// <inheritdoc />
    public bool IsBounded => _config.IsBounded && !_config.KeepAlive;

    /// <summary>The events this subtask has emitted.</summary>
    public long EventsEmitted => _generator.EventsEmitted;

    /// <inheritdoc />
    public ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        if (_split.RestoredCount(_generator.MaxEvents) is { } emitted) _generator.Seek(emitted);
        _pacer.Restart();
        _startDueOffsetMs = _generator.NextEventDueOffsetMs;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<SourceStatus> ReadAsync(ISourceOutput output, CancellationToken cancellationToken)
    {
        var partition = _split.Partition;
        if (_split.ReportProgress(output, _generator.HasNext))
        {
            if (!_config.KeepAlive) return SourceStatus.Finished;
            await Task.Delay(TimeSpan.FromMilliseconds(100), _context.Time, cancellationToken).ConfigureAwait(false);
            return SourceStatus.Idle;
        }

        var batchSize = _context.BatchSize;
        if (_config.MaxEmitSpeed)
        {
            while (output.EmittedInCall < batchSize && _generator.HasNext) Emit(output, partition);
        }
        else
        {
            var elapsed = _pacer.ElapsedMs;
            while (output.EmittedInCall < batchSize && _generator.HasNext && _generator.NextEventDueOffsetMs - _startDueOffsetMs <= elapsed)
            {
                Emit(output, partition);
            }
            if (output.EmittedInCall == 0)
            {
                await _pacer.WaitForAsync(_generator.NextEventDueOffsetMs - _startDueOffsetMs, cancellationToken).ConfigureAwait(false);
            }
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
    public string? SnapshotPosition() => GeneratorSplit.Position(_generator.EventsEmitted);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void CheckSchema(SourceContext context)
    {
        var schema = context.PhysicalSchema;
        var ok = schema.Count == 4 && schema[0].Type.IsInteger
            && RowMatches(schema[1].Type, PersonKinds) && RowMatches(schema[2].Type, AuctionKinds) && RowMatches(schema[3].Type, BidKinds);
        if (ok) return;
        throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
            $"table '{context.Table}': the nexmark connector produces the columns (event_type INT, person ROW<id BIGINT, name, emailAddress, creditCard, city, state STRING, dateTime TIMESTAMP(3), extra STRING>, "
            + "auction ROW<id BIGINT, itemName, description STRING, initialBid, reserve BIGINT, dateTime, expires TIMESTAMP(3), seller, category BIGINT, extra STRING>, "
            + $"bid ROW<auction, bidder, price BIGINT, channel, url STRING, dateTime TIMESTAMP(3), extra STRING>) as in the Nexmark DDL, but the table declares {schema}");
    }

    private static bool RowMatches(SqlType type, SqlTypeKind[] kinds)
    {
        if (type.Kind != SqlTypeKind.Row || type.Fields.Length != kinds.Length) return false;
        for (var i = 0; i < kinds.Length; i++)
        {
            var field = type.Fields[i].Type;
            var matches = kinds[i] switch
            {
                SqlTypeKind.VarChar => field.IsString,
                SqlTypeKind.BigInt => field.Kind == SqlTypeKind.BigInt,
                _ => field.Kind == kinds[i],
            };
            if (!matches) return false;
        }
        return true;
    }
}
