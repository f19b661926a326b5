using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Formats.Csv;

/// <summary><c>'format' = 'csv'</c>: options <c>csv.field-delimiter</c> (default <c>,</c>, <c>\t</c> allowed) and <c>csv.quote-character</c> (default <c>"</c>); no header line.</summary>
public sealed class CsvFormatFactory : IFormatFactory
{
    /// <inheritdoc />
    public string Name => "csv";

    /// <inheritdoc />
    public IRowDecoder CreateDecoder(RowSchema schema, ConnectorSpec options) =>
        new CsvRowDecoder(schema, Char(options, "csv.field-delimiter", ','), Char(options, "csv.quote-character", '"'));

    /// <inheritdoc />
    public IRowEncoder CreateEncoder(RowSchema schema, ConnectorSpec options) =>
        new CsvRowEncoder(schema, Char(options, "csv.field-delimiter", ','), Char(options, "csv.quote-character", '"'));

    private static char Char(ConnectorSpec options, string key, char fallback)
    {
        var text = options.Get(key);
        if (text is null) return fallback;
        if (text == "\\t") return '\t';
        if (text.Length == 1) return text[0];
        throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option '{key}' must be a single character, found '{text}'");
    }
}
