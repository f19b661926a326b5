using System.Reflection;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Connectors;

/// <summary>
/// The source and sink factories by connector name (case-insensitive). <see cref="CreateDefault"/>
/// finds every factory of this assembly; an embedding application registers its own with
/// <see cref="Register(ISourceFactory)"/> / <see cref="Register(ISinkFactory)"/>.
/// </summary>
public sealed class ConnectorRegistry
{
    private static readonly Lazy<ConnectorRegistry> DefaultInstance = new(CreateDefault);

    private readonly Dictionary<string, ISourceFactory> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISinkFactory> _sinks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A shared registry holding the built-in connectors (do not register into it; create your own).</summary>
    public static ConnectorRegistry Default => DefaultInstance.Value;

    /// <summary>A registry with every <see cref="ISourceFactory"/> and <see cref="ISinkFactory"/> of this assembly.</summary>
    public static ConnectorRegistry CreateDefault()
    {
        var registry = new ConnectorRegistry();
        foreach (var type in typeof(ConnectorRegistry).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is null) continue;
            if (!type.IsPublic && !type.IsNestedPublic) continue;
            var isSource = typeof(ISourceFactory).IsAssignableFrom(type);
            var isSink = typeof(ISinkFactory).IsAssignableFrom(type);
            if (!isSource && !isSink) continue;
            var instance = Activator.CreateInstance(type);
            if (instance is ISourceFactory source) registry.Register(source);
            if (instance is ISinkFactory sink) registry.Register(sink);
        }
        return registry;
    }

    /// <summary>Registers (or replaces) a source factory.</summary>
    public ConnectorRegistry Register(ISourceFactory factory)
    {
        _sources[factory.Connector] = factory;
        return this;
    }

    /// <summary>Registers (or replaces) a sink factory.</summary>
    public ConnectorRegistry Register(ISinkFactory factory)
    {
        _sinks[factory.Connector] = factory;
        return this;
    }

    /// <summary>The names of the registered source connectors.</summary>
    public IEnumerable<string> SourceConnectors => _sources.Keys.Order(StringComparer.Ordinal);

    /// <summary>The names of the registered sink connectors.</summary>
    public IEnumerable<string> SinkConnectors => _sinks.Keys.Order(StringComparer.Ordinal);

    /// <summary>The source factory of <paramref name="connector"/>, or a BSQL4002 error.</summary>
    public ISourceFactory GetSource(string connector) =>
        _sources.TryGetValue(connector, out var factory) ? factory
            : throw new BsqlRuntimeException(RuntimeErrors.UnknownConnector,
                $"no source connector '{connector}' (known: {string.Join(", ", SourceConnectors)})");

    /// <summary>The sink factory of <paramref name="connector"/>, or a BSQL4002 error.</summary>
    public ISinkFactory GetSink(string connector) =>
        _sinks.TryGetValue(connector, out var factory) ? factory
            : throw new BsqlRuntimeException(RuntimeErrors.UnknownConnector,
                $"no sink connector '{connector}' (known: {string.Join(", ", SinkConnectors)})");
}
