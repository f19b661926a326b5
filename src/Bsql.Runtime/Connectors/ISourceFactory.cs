namespace Bsql.Runtime.Connectors;

/// <summary>
/// Creates the source subtasks of one connector (<c>'connector' = '<see cref="Connector"/>'</c>). A
/// public, non-abstract implementation with a parameterless constructor anywhere in this assembly is
/// registered by <see cref="ConnectorRegistry.CreateDefault"/>.
/// </summary>
public interface ISourceFactory
{
    /// <summary>The connector name, e.g. <c>filesystem</c>, <c>nexmark</c>.</summary>
    string Connector { get; }

    /// <summary>
    /// Validates the options and creates subtask <see cref="SourceContext.SubtaskIndex"/>'s source; a bad
    /// option value throws <see cref="Execution.BsqlRuntimeException"/> (BSQL4001).
    /// </summary>
    ISource CreateSource(SourceContext context);
}
