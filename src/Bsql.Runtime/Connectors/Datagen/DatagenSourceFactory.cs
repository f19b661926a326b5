namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>The <c>datagen</c> source connector (Flink's random / sequence data generator).</summary>
public sealed class DatagenSourceFactory : ISourceFactory
{
    /// <inheritdoc />
    public string Connector => "datagen";

    /// <inheritdoc />
    public ISource CreateSource(SourceContext context) => new DatagenSource(context);
}
