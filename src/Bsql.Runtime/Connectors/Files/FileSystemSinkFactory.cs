namespace Bsql.Runtime.Connectors.Files;

/// <summary><c>'connector' = 'filesystem'</c> as a sink: part files in a directory, made visible on checkpoint commit or at the end.</summary>
public sealed class FileSystemSinkFactory : ISinkFactory
{
    /// <inheritdoc />
    public string Connector => "filesystem";

    /// <inheritdoc />
    public ISink CreateSink(SinkContext context) => new FileSystemSink(context);
}
