using Bsql.Runtime.Execution;
using Bsql.Runtime.Formats;

namespace Bsql.Runtime.Connectors.Kafka.Repartition;

/// <summary>
/// What makes a <see cref="KafkaSink"/> the writer of a repartition topic: rows of every kind encoded losslessly
/// (<see cref="RepartitionRecord"/>), keyed by the producer index, to partition <c>StableHash(key) → slot</c>
/// (the key group's slot, as a hash edge picks a subtask), plus a watermark record per partition at each commit.
/// </summary>
internal sealed class RepartitionWriter
{
    private readonly int[] _keys;

    public RepartitionWriter(SinkContext context)
    {
        Slots = RepartitionTopics.Slots(context.Connector);
        _keys = RepartitionTopics.Keys(context.Connector);
        var slot = context.Slot ?? throw new BsqlRuntimeException(RuntimeErrors.InvalidPlan, $"repartition topic '{context.Table}' is written outside a scale-out slot");
        ProducerKey = RepartitionRecord.ProducerKey(slot * context.Parallelism + context.SubtaskIndex);
    }

    /// <summary>The slot count (= partitions of the topic).</summary>
    public int Slots { get; }

    /// <summary>The key of every record this subtask writes.</summary>
    public byte[] ProducerKey { get; }

    /// <summary>The row encoder.</summary>
    public IRowEncoder Encoder { get; } = new RepartitionRecord.Encoder();

    /// <summary>The partition (= downstream slot) of <paramref name="row"/>.</summary>
    public int PartitionOf(object?[] row) => StableHash.Subtask(StableHash.OfColumns(row, _keys), Slots);
}
