namespace Bsql.Runtime.Execution;

/// <summary>
/// One element on a channel between subtasks: a batch, a watermark, a checkpoint barrier or the end
/// of input. <see cref="Channel"/> identifies the sending channel at the receiver, so a receiver
/// reading one merged queue keeps a watermark and barrier state per sender.
/// </summary>
/// <param name="Kind">What the element is.</param>
/// <param name="Channel">Index of the sender's channel at the receiving subtask.</param>
/// <param name="Batch">The rows, for <see cref="StreamElementKind.Batch"/>.</param>
/// <param name="Value">The watermark (epoch ms) or the checkpoint id.</param>
public readonly record struct StreamElement(StreamElementKind Kind, int Channel, RowBatch? Batch, long Value)
{
    /// <summary>A batch element.</summary>
    public static StreamElement OfBatch(int channel, RowBatch batch) => new(StreamElementKind.Batch, channel, batch, 0);

    /// <summary>A watermark element.</summary>
    public static StreamElement OfWatermark(int channel, long watermark) => new(StreamElementKind.Watermark, channel, null, watermark);

    /// <summary>A checkpoint barrier.</summary>
    public static StreamElement OfBarrier(int channel, long checkpointId) => new(StreamElementKind.Barrier, channel, null, checkpointId);

    /// <summary>The sender is idle.</summary>
    public static StreamElement OfIdle(int channel) => new(StreamElementKind.Idle, channel, null, 0);

    /// <summary>The end of the channel.</summary>
    public static StreamElement OfEnd(int channel) => new(StreamElementKind.EndOfInput, channel, null, 0);
}
