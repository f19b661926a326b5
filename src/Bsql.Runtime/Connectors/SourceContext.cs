using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Formats;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Connectors;

/// <summary>Everything a source subtask is created with.</summary>
public sealed class SourceContext
{
    /// <summary>Creates a context (the runtime does this; tests may too).</summary>
    public SourceContext(SourceSpec spec, ConnectorSpec connector, int subtaskIndex, int parallelism, TimeProvider time)
    {
        Spec = spec;
        Connector = connector;
        SubtaskIndex = subtaskIndex;
        Parallelism = parallelism;
        Time = time;
    }

    /// <summary>The plan's source: table name, physical schema, computed columns, watermark.</summary>
    public SourceSpec Spec { get; }

    /// <summary>The connector and its options, with <c>${env:..}</c> / <c>${file:..}</c> references resolved.</summary>
    public ConnectorSpec Connector { get; }

    /// <summary>The table name.</summary>
    public string Table => Spec.Table;

    /// <summary>The columns the source decodes (row positions 0..n-1).</summary>
    public RowSchema PhysicalSchema => Spec.PhysicalSchema;

    /// <summary>Length of the rows to allocate: physical plus computed columns.</summary>
    public int RowWidth => Spec.PhysicalSchema.Count + Spec.ComputedColumns.Length;

    /// <summary>0-based index of this subtask.</summary>
    public int SubtaskIndex { get; }

    /// <summary>Number of subtasks of the source.</summary>
    public int Parallelism { get; }

    /// <summary>The job clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Rows per <see cref="ISource.ReadAsync"/> call to aim for.</summary>
    public int BatchSize { get; init; } = RowBatch.DefaultCapacity;

    /// <summary>The position from the checkpoint being restored, or null for a fresh start.</summary>
    public string? RestoredPosition { get; init; }

    /// <summary>The job id (names consumer groups, checkpoint folders).</summary>
    public string JobId { get; init; } = "job";

    /// <summary>Scale-out: the slot this source belongs to (it reads partitions p with p mod <see cref="SlotCount"/> = slot), or null.</summary>
    public int? Slot { get; init; }

    /// <summary>Scale-out: the number of slots of the job (1 without scale-out).</summary>
    public int SlotCount { get; init; } = 1;

    /// <summary>
    /// A flag per physical column: true when the job reads it; null when it reads every column. A source may
    /// leave unread columns NULL instead of decoding them (the Kafka source does, for JSON values).
    /// </summary>
    public IReadOnlyList<bool>? ReadColumns { get; init; }

    /// <summary>Creates decoders for the table's <c>format</c> with its error policy.</summary>
    public FormatRegistry Formats { get; init; } = FormatRegistry.Default;

    /// <summary>Decode-error counters of this table.</summary>
    public FormatMetrics FormatMetrics { get; init; } = new("table");

    /// <summary>Receives undecodable records when <c>'&lt;format&gt;.dead-letter'</c> is set; null when the job has none.</summary>
    public IDeadLetterQueue? DeadLetters { get; init; }

    /// <summary>A decoder for the table's format and physical schema, with its error policy.</summary>
    public RecordDecoder CreateDecoder()
    {
        var format = Connector.Get("format") ?? Connector.Get("value.format")
            ?? throw new Execution.BsqlRuntimeException(Execution.RuntimeErrors.BadOptionValue, $"table '{Table}': option 'format' is required");
        return Formats.CreateDecoder(format, Table, PhysicalSchema, Connector, FormatMetrics, DeadLetters);
    }
}
