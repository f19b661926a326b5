namespace Bsql.Runtime.Connectors.Nexmark;

/// <summary>The <c>nexmark</c> source connector (the Nexmark benchmark's event generator).</summary>
public sealed class NexmarkSourceFactory : ISourceFactory
{
    /// <inheritdoc />
    public string Connector => "nexmark";

    /// <inheritdoc />
    public ISource CreateSource(SourceContext context) => new NexmarkSource(context);
}
