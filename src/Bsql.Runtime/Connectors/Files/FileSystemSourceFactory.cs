namespace Bsql.Runtime.Connectors.Files;

/// <summary><c>'connector' = 'filesystem'</c> as a source: a bounded read of one file or of every visible file of a directory.</summary>
public sealed class FileSystemSourceFactory : ISourceFactory
{
    /// <inheritdoc />
    public string Connector => "filesystem";

    /// <inheritdoc />
    public ISource CreateSource(SourceContext context) => new FileSystemSource(context);
}
