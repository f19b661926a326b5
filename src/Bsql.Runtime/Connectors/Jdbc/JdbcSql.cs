using Bsql.Planner.Types;
using NpgsqlTypes;

namespace Bsql.Runtime.Connectors.Jdbc;

/// <summary>
/// SQL text helpers for PostgreSQL: identifiers are always quoted (from the schema, never from row values,
/// which only ever travel as parameters) and BSQL types map to Npgsql parameter types.
/// </summary>
public static class JdbcSql
{
    /// <summary><c>"name"</c>, doubling embedded quotes.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A table name as given in <c>table-name</c>: <c>t</c> or <c>schema.t</c>, each part quoted.</summary>
    public static string QuoteTable(string tableName) =>
        string.Join('.', tableName.Split('.').Select(part => QuoteIdentifier(part.Trim('"'))));

    /// <summary>The Npgsql type of a parameter holding a value of <paramref name="type"/>.</summary>
    public static NpgsqlDbType ParameterType(SqlType type) => type.Kind switch
    {
        SqlTypeKind.Boolean => NpgsqlDbType.Boolean,
        SqlTypeKind.TinyInt or SqlTypeKind.SmallInt => NpgsqlDbType.Smallint,
        SqlTypeKind.Int or SqlTypeKind.IntervalYearMonth => NpgsqlDbType.Integer,
        SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime => NpgsqlDbType.Bigint,
        SqlTypeKind.Float => NpgsqlDbType.Real,
        SqlTypeKind.Double => NpgsqlDbType.Double,
        SqlTypeKind.Decimal => NpgsqlDbType.Numeric,
        SqlTypeKind.Char or SqlTypeKind.VarChar => NpgsqlDbType.Text,
        SqlTypeKind.Bytes => NpgsqlDbType.Bytea,
        SqlTypeKind.Date => NpgsqlDbType.Date,
        SqlTypeKind.Time => NpgsqlDbType.Time,
        SqlTypeKind.Timestamp => NpgsqlDbType.Timestamp,
        SqlTypeKind.TimestampLtz => NpgsqlDbType.TimestampTz,
        SqlTypeKind.Array => NpgsqlDbType.Array | ParameterType(type.Element!),
        SqlTypeKind.Map or SqlTypeKind.Row => NpgsqlDbType.Jsonb,
        _ => throw new NotSupportedException($"no PostgreSQL parameter type for {type}"),
    };

    /// <summary>A runtime value as Npgsql takes it for <paramref name="type"/> (NULL as <see cref="DBNull"/>).</summary>
    public static object ParameterValue(object? value, SqlType type) => value switch
    {
        null => DBNull.Value,
        sbyte b => (short)b,
        long ms when type.Kind == SqlTypeKind.IntervalDayTime => ms,
        DateTime ts when type.Kind == SqlTypeKind.TimestampLtz => DateTime.SpecifyKind(ts, DateTimeKind.Utc),
        DateTime ts when type.Kind == SqlTypeKind.Timestamp => DateTime.SpecifyKind(ts, DateTimeKind.Unspecified),
        object?[] or Dictionary<object, object?> when type.Kind is SqlTypeKind.Map or SqlTypeKind.Row => Lookup.LookupValueCodec.FormatText(value, type),
        _ => value,
    };

    /// <summary>A typed array (<c>long[]</c>, <c>string[]</c>, ...) of the given values for an <c>= ANY(@p)</c> or <c>unnest(@p)</c> parameter.</summary>
    public static Array ParameterArray(IReadOnlyList<object?> values, SqlType type)
    {
        var elementType = ParameterValue(FirstNonNull(values), type).GetType();
        if (elementType == typeof(DBNull)) elementType = typeof(object);
        var array = Array.CreateInstance(elementType, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value) array.SetValue(ParameterValue(value, type), i);
        }
        return array;
    }

    private static object? FirstNonNull(IReadOnlyList<object?> values)
    {
        foreach (var value in values) if (value is not null) return value;
        return null;
    }
}
