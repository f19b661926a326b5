namespace Bsql.Runtime.Connectors;

/// <summary>
/// A source that knows its watermark itself instead of deriving it from its rows (a repartition reader takes the minimum
/// of its writers' watermarks). The source subtask emits it when it advances.
/// </summary>
internal interface IWatermarkSource
{
    /// <summary>The watermark of what the source has emitted so far, or null while it is unknown.</summary>
    long? Watermark { get; }
}
