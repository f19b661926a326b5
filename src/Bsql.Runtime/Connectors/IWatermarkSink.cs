namespace Bsql.Runtime.Connectors;

/// <summary>A sink that is told its input's watermark (a repartition writer forwards it to the readers of its topic).</summary>
internal interface IWatermarkSink
{
    /// <summary>The sink's input watermark advanced to <paramref name="watermark"/> (epoch milliseconds).</summary>
    void OnWatermark(long watermark);
}
