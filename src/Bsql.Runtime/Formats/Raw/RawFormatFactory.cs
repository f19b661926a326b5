using Bsql.Planner.Physical;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;

namespace Bsql.Runtime.Formats.Raw;

/// <summary>
/// <c>'format' = 'raw'</c> (Flink's raw format): the whole record is the value of the table's single
/// column, a STRING (<c>raw.charset</c>, UTF-8 only here) or a BYTES column.
/// </summary>
public sealed class RawFormatFactory : IFormatFactory
{
    /// <inheritdoc />
    public string Name => "raw";

    /// <inheritdoc />
    public IRowDecoder CreateDecoder(RowSchema schema, ConnectorSpec options) => new RawRowDecoder(IsText(schema, options));

    /// <inheritdoc />
    public IRowEncoder CreateEncoder(RowSchema schema, ConnectorSpec options) => new RawRowEncoder(IsText(schema, options));

    private static bool IsText(RowSchema schema, ConnectorSpec options)
    {
        if (schema.Count != 1)
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"format 'raw' needs exactly one physical column, found {schema.Count} {schema}");
        }
        var charset = options.Get("raw.charset", "UTF-8")!;
        if (!charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, $"option 'raw.charset' supports only 'UTF-8', found '{charset}'");
        }
        return schema[0].Type.Kind switch
        {
            SqlTypeKind.VarChar or SqlTypeKind.Char => true,
            SqlTypeKind.Bytes => false,
            _ => throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                $"format 'raw' reads a STRING or BYTES column, not {schema[0].Type} ('{schema[0].Name}')"),
        };
    }
}
