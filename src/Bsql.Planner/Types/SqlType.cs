using System.Collections.Immutable;
using System.Text;

namespace Bsql.Planner.Types;

/// <summary>
/// A BSQL type: its family, nullability and parameters. Instances are values: two types are equal
/// when every part is equal. The runtime representation of each family is documented on
/// <see cref="SqlTypeKind"/>.
/// </summary>
public sealed record SqlType
{
    /// <summary>The family.</summary>
    public SqlTypeKind Kind { get; init; }

    /// <summary>Whether the value may be SQL NULL.</summary>
    public bool Nullable { get; init; } = true;

    /// <summary>Length (CHAR/VARCHAR/BYTES), precision (DECIMAL, TIME, TIMESTAMP) or 0 when not applicable.</summary>
    public int Precision { get; init; }

    /// <summary>Scale of a DECIMAL; 0 otherwise.</summary>
    public int Scale { get; init; }

    /// <summary>Element type of an ARRAY, key type of a MAP; null otherwise.</summary>
    public SqlType? Element { get; init; }

    /// <summary>Value type of a MAP; null otherwise.</summary>
    public SqlType? Value { get; init; }

    /// <summary>Fields of a ROW; empty otherwise.</summary>
    public ImmutableArray<RowField> Fields { get; init; } = ImmutableArray<RowField>.Empty;

    /// <summary>Time-attribute marker (only on TIMESTAMP / TIMESTAMP_LTZ columns).</summary>
    public TimeAttribute TimeAttribute { get; init; }

    /// <summary>Length used for <c>STRING</c> and <c>BYTES</c> (Flink: <c>VARCHAR(2147483647)</c>).</summary>
    public const int MaxLength = int.MaxValue;

    /// <summary>A type of the given family with default parameters.</summary>
    public static SqlType Of(SqlTypeKind kind, bool nullable = true) => kind switch
    {
        SqlTypeKind.VarChar or SqlTypeKind.Bytes => new SqlType { Kind = kind, Nullable = nullable, Precision = MaxLength },
        SqlTypeKind.Char => new SqlType { Kind = kind, Nullable = nullable, Precision = 1 },
        SqlTypeKind.Decimal => new SqlType { Kind = kind, Nullable = nullable, Precision = 10, Scale = 0 },
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => new SqlType { Kind = kind, Nullable = nullable, Precision = 6 },
        _ => new SqlType { Kind = kind, Nullable = nullable },
    };

    /// <summary><c>BOOLEAN</c>.</summary>
    public static SqlType Boolean { get; } = Of(SqlTypeKind.Boolean);
    /// <summary><c>INT</c>.</summary>
    public static SqlType Int { get; } = Of(SqlTypeKind.Int);
    /// <summary><c>BIGINT</c>.</summary>
    public static SqlType BigInt { get; } = Of(SqlTypeKind.BigInt);
    /// <summary><c>DOUBLE</c>.</summary>
    public static SqlType Double { get; } = Of(SqlTypeKind.Double);
    /// <summary><c>STRING</c>.</summary>
    public static SqlType String { get; } = Of(SqlTypeKind.VarChar);
    /// <summary><c>BYTES</c>.</summary>
    public static SqlType Bytes { get; } = Of(SqlTypeKind.Bytes);
    /// <summary><c>DATE</c>.</summary>
    public static SqlType Date { get; } = Of(SqlTypeKind.Date);

    /// <summary><c>DECIMAL(p, s)</c>.</summary>
    public static SqlType Decimal(int precision, int scale) => new() { Kind = SqlTypeKind.Decimal, Precision = precision, Scale = scale };

    /// <summary><c>VARCHAR(n)</c>.</summary>
    public static SqlType VarChar(int length) => new() { Kind = SqlTypeKind.VarChar, Precision = length };

    /// <summary><c>TIMESTAMP(p)</c>.</summary>
    public static SqlType Timestamp(int precision = 3) => new() { Kind = SqlTypeKind.Timestamp, Precision = precision };

    /// <summary><c>TIMESTAMP_LTZ(p)</c>.</summary>
    public static SqlType TimestampLtz(int precision = 3) => new() { Kind = SqlTypeKind.TimestampLtz, Precision = precision };

    /// <summary><c>ARRAY&lt;element&gt;</c>.</summary>
    public static SqlType Array(SqlType element) => new() { Kind = SqlTypeKind.Array, Element = element };

    /// <summary><c>MAP&lt;key, value&gt;</c>.</summary>
    public static SqlType Map(SqlType key, SqlType value) => new() { Kind = SqlTypeKind.Map, Element = key, Value = value };

    /// <summary><c>ROW&lt;...&gt;</c>.</summary>
    public static SqlType Row(IEnumerable<RowField> fields) => new() { Kind = SqlTypeKind.Row, Fields = fields.ToImmutableArray() };

    /// <summary>This type with another nullability.</summary>
    public SqlType WithNullable(bool nullable) => Nullable == nullable ? this : this with { Nullable = nullable };

    /// <summary>This type without its time-attribute marker (what an expression over a time attribute yields).</summary>
    public SqlType WithoutTimeAttribute() => TimeAttribute == TimeAttribute.None ? this : this with { TimeAttribute = TimeAttribute.None };

    /// <summary>True for TINYINT, SMALLINT, INT and BIGINT.</summary>
    public bool IsInteger => Kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt;

    /// <summary>True for the integer types, FLOAT, DOUBLE and DECIMAL.</summary>
    public bool IsNumeric => IsInteger || Kind is SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal;

    /// <summary>True for CHAR and VARCHAR.</summary>
    public bool IsString => Kind is SqlTypeKind.Char or SqlTypeKind.VarChar;

    /// <summary>True for TIMESTAMP and TIMESTAMP_LTZ.</summary>
    public bool IsTimestamp => Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz;

    /// <inheritdoc />
    public bool Equals(SqlType? other) =>
        other is not null && Kind == other.Kind && Nullable == other.Nullable && Precision == other.Precision
        && Scale == other.Scale && Equals(Element, other.Element) && Equals(Value, other.Value)
        && TimeAttribute == other.TimeAttribute && Fields.AsSpan().SequenceEqual(other.Fields.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Nullable, Precision, Scale, Element, Value, TimeAttribute, Fields.Length);

    /// <summary>The type as BSQL writes it, e.g. <c>DECIMAL(10, 2) NOT NULL</c>, <c>TIMESTAMP(3) *ROWTIME*</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    private void Append(StringBuilder text)
    {
        switch (Kind)
        {
            case SqlTypeKind.VarChar when Precision == MaxLength: text.Append("STRING"); break;
            case SqlTypeKind.VarChar: text.Append("VARCHAR(").Append(Precision).Append(')'); break;
            case SqlTypeKind.Char: text.Append("CHAR(").Append(Precision).Append(')'); break;
            case SqlTypeKind.Bytes when Precision == MaxLength: text.Append("BYTES"); break;
            case SqlTypeKind.Bytes: text.Append("VARBINARY(").Append(Precision).Append(')'); break;
            case SqlTypeKind.Decimal: text.Append("DECIMAL(").Append(Precision).Append(", ").Append(Scale).Append(')'); break;
            case SqlTypeKind.Time: text.Append("TIME(").Append(Precision).Append(')'); break;
            case SqlTypeKind.Timestamp: text.Append("TIMESTAMP(").Append(Precision).Append(')'); break;
            case SqlTypeKind.TimestampLtz: text.Append("TIMESTAMP_LTZ(").Append(Precision).Append(')'); break;
            case SqlTypeKind.IntervalDayTime: text.Append("INTERVAL DAY TO SECOND"); break;
            case SqlTypeKind.IntervalYearMonth: text.Append("INTERVAL YEAR TO MONTH"); break;
            case SqlTypeKind.TinyInt: text.Append("TINYINT"); break;
            case SqlTypeKind.SmallInt: text.Append("SMALLINT"); break;
            case SqlTypeKind.BigInt: text.Append("BIGINT"); break;
            case SqlTypeKind.Array: text.Append("ARRAY<"); Element!.Append(text); text.Append('>'); break;
            case SqlTypeKind.Map: text.Append("MAP<"); Element!.Append(text); text.Append(", "); Value!.Append(text); text.Append('>'); break;
            case SqlTypeKind.Row:
                text.Append("ROW<");
                for (var i = 0; i < Fields.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    text.Append('`').Append(Fields[i].Name.Replace("`", "``", StringComparison.Ordinal)).Append("` ");
                    Fields[i].Type.Append(text);
                }
                text.Append('>');
                break;
            default: text.Append(Kind.ToString().ToUpperInvariant()); break;
        }
        if (!Nullable && Kind != SqlTypeKind.Null) text.Append(" NOT NULL");
        if (TimeAttribute == TimeAttribute.Rowtime) text.Append(" *ROWTIME*");
        else if (TimeAttribute == TimeAttribute.Proctime) text.Append(" *PROCTIME*");
    }
}
