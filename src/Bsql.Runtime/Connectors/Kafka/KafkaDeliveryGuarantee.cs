namespace Bsql.Runtime.Connectors.Kafka;

/// <summary><c>sink.delivery-guarantee</c>.</summary>
public enum KafkaDeliveryGuarantee
{
    /// <summary><c>at-least-once</c> (the default): pending messages are flushed at every checkpoint and at the end; a crash may write rows twice.</summary>
    AtLeastOnce,
    /// <summary><c>exactly-once</c>: a transaction per checkpoint, committed when the checkpoint completes; <c>read_committed</c> readers see each row once.</summary>
    ExactlyOnce,
    /// <summary><c>none</c>: fire and forget (flushed only at the end of a bounded job).</summary>
    None,
}
