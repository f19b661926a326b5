using Bsql.Runtime.Connectors;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Lookup;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Execution;

/// <summary>How <see cref="JobRunner"/> runs one job.</summary>
public sealed record JobRunOptions
{
    /// <summary>The job clock (processing time, idle timeouts, checkpoint intervals). Tests pass a fake.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where <c>print</c> sinks write (default: standard output).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The job id: names checkpoint folders and consumer groups (default: the plan's job name).</summary>
    public string? JobId { get; init; }

    /// <summary>Overrides <c>state.checkpoints.dir</c>.</summary>
    public string? CheckpointDir { get; init; }

    /// <summary>Overrides <c>execution.checkpointing.interval</c> (milliseconds); checkpointing is on when either is set.</summary>
    public long? CheckpointIntervalMs { get; init; }

    /// <summary>Ignore existing checkpoints and start afresh (<c>--fresh</c>).</summary>
    public bool Fresh { get; init; }

    /// <summary>
    /// <c>bsql debug</c>: table name → sample file. That table's source is replaced by a bounded
    /// <c>filesystem</c> source reading the file, its format taken from the extension (<c>.jsonl</c>/<c>.json</c> → json, <c>.csv</c> → csv).
    /// </summary>
    public IReadOnlyDictionary<string, string> SampleTables { get; init; } = new Dictionary<string, string>();

    /// <summary>Live counters (rows in / out per operator, decode errors); created when null and returned in <see cref="JobResult"/>.</summary>
    public JobMetrics? Metrics { get; init; }

    /// <summary>The connectors (default: <see cref="ConnectorRegistry.Default"/>).</summary>
    public ConnectorRegistry? Connectors { get; init; }

    /// <summary>The formats (default: <see cref="FormatRegistry.Default"/>).</summary>
    public FormatRegistry? Formats { get; init; }

    /// <summary>The expression compiler (default: the runtime's <c>ExpressionCompiler</c>).</summary>
    public IExpressionCompiler? Expressions { get; init; }

    /// <summary>Capacity, in elements (batches), of each subtask's input channel: bounds memory and applies backpressure.</summary>
    public int ChannelCapacity { get; init; } = 8;

    /// <summary>
    /// Scale-out: the slot this run is (0-based, of <see cref="SlotCount"/>): its Kafka sources read the partitions p with
    /// p mod <see cref="SlotCount"/> = slot, its checkpoints live in <c>&lt;dir&gt;/&lt;job id&gt;/slot-&lt;slot&gt;</c>, and its
    /// transactional ids and part files name the slot. Null: the whole job (no scale-out).
    /// </summary>
    public int? Slot { get; init; }

    /// <summary>The number of slots of a scaled-out job (see <see cref="Slot"/>).</summary>
    public int SlotCount { get; init; } = 1;

    /// <summary>Where a scaled-out worker reports the slots it owns (null: nowhere).</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Rows per batch that sources aim for.</summary>
    public int BatchSize { get; init; } = RowBatch.DefaultCapacity;

    /// <summary>
    /// Opens the lookup client of a dimension table: (table, resolved connector options, schema, key columns, metrics,
    /// cancellation). Default: <see cref="Lookup.LookupClientFactory.CreateAsync"/> by connector name. Lets a host or a
    /// test serve lookups from its own store.
    /// </summary>
    public Func<string, Bsql.Planner.Physical.ConnectorSpec, Bsql.Planner.Types.RowSchema, IReadOnlyList<int>, LookupMetrics, CancellationToken, ValueTask<Lookup.ILookupClient>>? LookupClients { get; init; }
}
