using System.Reflection;
using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Formats;

/// <summary>The formats by name; <see cref="Default"/> holds every <see cref="IFormatFactory"/> of this assembly.</summary>
public sealed class FormatRegistry
{
    private static readonly Lazy<FormatRegistry> DefaultInstance = new(CreateDefault);
    private readonly Dictionary<string, IFormatFactory> _formats = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The built-in formats.</summary>
    public static FormatRegistry Default => DefaultInstance.Value;

    /// <summary>A registry with every public <see cref="IFormatFactory"/> with a parameterless constructor in this assembly.</summary>
    public static FormatRegistry CreateDefault()
    {
        var registry = new FormatRegistry();
        foreach (var type in typeof(FormatRegistry).Assembly.GetTypes())
        {
            if (type.IsAbstract || !type.IsPublic || type.GetConstructor(Type.EmptyTypes) is null) continue;
            if (typeof(IFormatFactory).IsAssignableFrom(type)) registry.Register((IFormatFactory)Activator.CreateInstance(type)!);
        }
        return registry;
    }

    /// <summary>Registers (or replaces) a format.</summary>
    public FormatRegistry Register(IFormatFactory factory)
    {
        _formats[factory.Name] = factory;
        return this;
    }

    /// <summary>The format <paramref name="name"/>, or a BSQL4004 error.</summary>
    public IFormatFactory Get(string name) =>
        _formats.TryGetValue(name, out var factory) ? factory
            : throw new BsqlRuntimeException(RuntimeErrors.UnknownFormat,
                $"unknown format '{name}' (known: {string.Join(", ", _formats.Keys.Order(StringComparer.Ordinal))})");

    /// <summary>A decoder of <paramref name="format"/> with the error policy of <paramref name="options"/>.</summary>
    public RecordDecoder CreateDecoder(
        string format, string table, RowSchema schema, ConnectorSpec options, FormatMetrics metrics, IDeadLetterQueue? deadLetters)
    {
        var decoder = Get(format).CreateDecoder(schema, options);
        var ignore = options.Get(format + ".ignore-parse-errors", "false")!;
        if (!bool.TryParse(ignore, out var ignoreErrors))
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"table '{table}': option '{format}.ignore-parse-errors' must be 'true' or 'false', found '{ignore}'");
        }
        return new RecordDecoder(decoder, table, ignoreErrors, options.Get(format + ".dead-letter"), deadLetters, metrics);
    }

    /// <summary>An encoder of <paramref name="format"/>.</summary>
    public IRowEncoder CreateEncoder(string format, RowSchema schema, ConnectorSpec options) => Get(format).CreateEncoder(schema, options);
}
