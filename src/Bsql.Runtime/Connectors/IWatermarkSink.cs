namespace Bsql.Runtime.Connectors;

/// <summary>A sink that is told its input's watermark and idleness (a repartition writer forwards them to the readers of its topic).</summary>
internal interface IWatermarkSink
{
    /// <summary>The sink's input watermark advanced to <paramref name="watermark"/> (epoch milliseconds).</summary>
    void OnWatermark(long watermark);

    /// <summary>The sink's subtask became idle (every input idle: it should not hold watermarks back) or active again.</summary>
    void OnIdle(bool idle);
}
