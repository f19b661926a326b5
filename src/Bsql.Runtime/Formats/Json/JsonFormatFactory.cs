using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Formats.Json;

/// <summary>
/// <c>'format' = 'json'</c>: options <c>json.fail-on-missing-field</c> (default false),
/// <c>json.timestamp-format.standard</c> (<c>SQL</c>, the default, or <c>ISO-8601</c>), plus the
/// error policy options every format has.
/// </summary>
public sealed class JsonFormatFactory : IFormatFactory
{
    /// <inheritdoc />
    public string Name => "json";

    /// <inheritdoc />
    public IRowDecoder CreateDecoder(RowSchema schema, ConnectorSpec options)
    {
        // Both timestamp forms are read whatever the option says; it is still validated.
        _ = Iso(options);
        return new JsonRowDecoder(schema, Flag(options, "json.fail-on-missing-field"));
    }

    /// <inheritdoc />
    public IRowEncoder CreateEncoder(RowSchema schema, ConnectorSpec options) => new JsonRowEncoder(schema, Iso(options));

    private static bool Iso(ConnectorSpec options)
    {
        var standard = options.Get("json.timestamp-format.standard", "SQL")!;
        if (standard.Equals("SQL", StringComparison.OrdinalIgnoreCase)) return false;
        if (standard.Equals("ISO-8601", StringComparison.OrdinalIgnoreCase)) return true;
        throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'json.timestamp-format.standard' must be 'SQL' or 'ISO-8601', found '{standard}'");
    }

    internal static bool Flag(ConnectorSpec options, string key)
    {
        var text = options.Get(key, "false")!;
        return bool.TryParse(text, out var value) ? value
            : throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option '{key}' must be 'true' or 'false', found '{text}'");
    }
}
