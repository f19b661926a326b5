using Bsql.Planner.Types;
using S = Bsql.Parser.Syntax;

namespace Bsql.Planner.Binding;

/// <summary>Converts data types as written (syntax) into <see cref="SqlType"/>s, with Flink's defaults.</summary>
public static class TypeConverter
{
    /// <summary>The type; null for a type BSQL does not support (MULTISET).</summary>
    public static SqlType? ToSqlType(S.DataType type)
    {
        SqlType? result = type switch
        {
            S.ScalarType s => Scalar(s),
            S.ArrayType a => ToSqlType(a.ElementType) is { } e ? SqlType.Array(e) : null,
            S.MapType m => ToSqlType(m.KeyType) is { } k && ToSqlType(m.ValueType) is { } v ? SqlType.Map(k, v) : null,
            S.RowType r => Row(r),
            _ => null,
        };
        return result?.WithNullable(!type.NotNull);
    }

    private static SqlType? Row(S.RowType row)
    {
        var fields = new List<RowField>();
        foreach (var field in row.Fields)
        {
            if (ToSqlType(field.Type) is not { } t) return null;
            fields.Add(new RowField(field.Name.Value, t));
        }
        return SqlType.Row(fields);
    }

    private static SqlType Scalar(S.ScalarType s) => s.Kind switch
    {
        S.ScalarTypeKind.Boolean => SqlType.Of(SqlTypeKind.Boolean),
        S.ScalarTypeKind.TinyInt => SqlType.Of(SqlTypeKind.TinyInt),
        S.ScalarTypeKind.SmallInt => SqlType.Of(SqlTypeKind.SmallInt),
        S.ScalarTypeKind.Int => SqlType.Of(SqlTypeKind.Int),
        S.ScalarTypeKind.BigInt => SqlType.Of(SqlTypeKind.BigInt),
        S.ScalarTypeKind.Float => SqlType.Of(SqlTypeKind.Float),
        S.ScalarTypeKind.Double => SqlType.Of(SqlTypeKind.Double),
        S.ScalarTypeKind.Decimal => SqlType.Decimal(s.Precision ?? 10, s.Scale ?? 0),
        S.ScalarTypeKind.Char => new SqlType { Kind = SqlTypeKind.Char, Precision = s.Precision ?? 1 },
        S.ScalarTypeKind.VarChar => s.Precision is { } n ? SqlType.VarChar(n) : SqlType.String,
        S.ScalarTypeKind.String => SqlType.String,
        S.ScalarTypeKind.Binary or S.ScalarTypeKind.VarBinary => new SqlType { Kind = SqlTypeKind.Bytes, Precision = s.Precision ?? 1 },
        S.ScalarTypeKind.Bytes => SqlType.Bytes,
        S.ScalarTypeKind.Date => SqlType.Date,
        S.ScalarTypeKind.Time => new SqlType { Kind = SqlTypeKind.Time, Precision = s.Precision ?? 0 },
        S.ScalarTypeKind.Timestamp => SqlType.Timestamp(s.Precision ?? 6),
        S.ScalarTypeKind.TimestampLtz => SqlType.TimestampLtz(s.Precision ?? 6),
        _ => SqlType.String,
    };
}
