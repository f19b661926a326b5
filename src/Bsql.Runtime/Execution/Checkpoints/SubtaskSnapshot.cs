namespace Bsql.Runtime.Execution.Checkpoints;

/// <summary>The checkpointed state of one operator subtask.</summary>
/// <param name="OperatorId">The plan's operator id.</param>
/// <param name="Subtask">The subtask index.</param>
/// <param name="Position">A source's position, or null.</param>
/// <param name="SinkState">What a sink's prepare-commit returned, or null.</param>
/// <param name="State">Timers then operator state, as written by the operator.</param>
internal sealed record SubtaskSnapshot(int OperatorId, int Subtask, string? Position, string? SinkState, byte[] State);
