namespace Bsql.Runtime.Connectors;

/// <summary>
/// Creates the sink subtasks of one connector. Registered like <see cref="ISourceFactory"/>.
/// </summary>
public interface ISinkFactory
{
    /// <summary>The connector name, e.g. <c>print</c>, <c>filesystem</c>.</summary>
    string Connector { get; }

    /// <summary>Validates the options and creates a sink subtask; a bad option throws <see cref="Execution.BsqlRuntimeException"/>.</summary>
    ISink CreateSink(SinkContext context);
}
