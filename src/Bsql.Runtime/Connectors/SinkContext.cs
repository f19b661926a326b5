using Bsql.Planner.Physical;
using Bsql.Planner.Types;

namespace Bsql.Runtime.Connectors;

/// <summary>Everything a sink subtask is created with.</summary>
public sealed class SinkContext
{
    /// <summary>Creates a context (the runtime does this; tests may too).</summary>
    public SinkContext(SinkSpec spec, ConnectorSpec connector, int subtaskIndex, int parallelism, TimeProvider time)
    {
        Spec = spec;
        Connector = connector;
        SubtaskIndex = subtaskIndex;
        Parallelism = parallelism;
        Time = time;
    }

    /// <summary>The plan's sink: table, schema, primary key.</summary>
    public SinkSpec Spec { get; }

    /// <summary>The connector and its options, with <c>${env:..}</c> / <c>${file:..}</c> references resolved.</summary>
    public ConnectorSpec Connector { get; }

    /// <summary>The table name.</summary>
    public string Table => Spec.Table;

    /// <summary>The written columns.</summary>
    public RowSchema Schema => Spec.Schema;

    /// <summary>0-based index of this subtask.</summary>
    public int SubtaskIndex { get; }

    /// <summary>Number of subtasks of the sink.</summary>
    public int Parallelism { get; }

    /// <summary>The job clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The job id (names part files, transactional ids).</summary>
    public string JobId { get; init; } = "job";

    /// <summary>Scale-out: the slot this sink belongs to (names transactional ids and part files), or null.</summary>
    public int? Slot { get; init; }

    /// <summary>
    /// The job takes checkpoints (default true): a write-ahead sink keeps the rows of uncommitted checkpoints only
    /// then (without checkpoints nothing is ever restored).
    /// </summary>
    public bool Checkpointing { get; init; } = true;

    /// <summary>Where a <c>print</c> sink writes.</summary>
    public TextWriter PrintOutput { get; init; } = TextWriter.Null;

    /// <summary>What <see cref="ISink.PrepareCommitAsync"/> returned in the checkpoint being restored, or null.</summary>
    public string? RestoredState { get; init; }

    /// <summary>Creates encoders for the table's format.</summary>
    public Formats.FormatRegistry Formats { get; init; } = Bsql.Runtime.Formats.FormatRegistry.Default;
}
