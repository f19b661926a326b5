namespace Bsql.Runtime.Execution;

/// <summary>What a <see cref="StreamElement"/> carries.</summary>
public enum StreamElementKind : byte
{
    /// <summary>A <see cref="RowBatch"/>.</summary>
    Batch,
    /// <summary>An event-time watermark (epoch milliseconds): no later row of this channel is older.</summary>
    Watermark,
    /// <summary>A checkpoint barrier: everything before it belongs to checkpoint <see cref="StreamElement.Value"/>.</summary>
    Barrier,
    /// <summary>The channel's sender has finished: nothing follows.</summary>
    EndOfInput,
    /// <summary>
    /// The sender is idle (its source partitions delivered nothing for the idle timeout): until its next
    /// batch or watermark, it does not hold the receiver's watermark back.
    /// </summary>
    Idle,
}
