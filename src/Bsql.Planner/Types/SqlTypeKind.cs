namespace Bsql.Planner.Types;

/// <summary>The logical type families of BSQL (Flink SQL's type system).</summary>
public enum SqlTypeKind
{
    /// <summary>The type of the untyped <c>NULL</c> literal before it meets a context.</summary>
    Null,
    /// <summary><c>BOOLEAN</c>; runtime value <see cref="bool"/>.</summary>
    Boolean,
    /// <summary><c>TINYINT</c>; runtime value <see cref="sbyte"/>.</summary>
    TinyInt,
    /// <summary><c>SMALLINT</c>; runtime value <see cref="short"/>.</summary>
    SmallInt,
    /// <summary><c>INT</c>; runtime value <see cref="int"/>.</summary>
    Int,
    /// <summary><c>BIGINT</c>; runtime value <see cref="long"/>.</summary>
    BigInt,
    /// <summary><c>FLOAT</c>; runtime value <see cref="float"/>.</summary>
    Float,
    /// <summary><c>DOUBLE</c>; runtime value <see cref="double"/>.</summary>
    Double,
    /// <summary><c>DECIMAL(p, s)</c>; runtime value <see cref="decimal"/>.</summary>
    Decimal,
    /// <summary><c>CHAR(n)</c>; runtime value <see cref="string"/>.</summary>
    Char,
    /// <summary><c>VARCHAR(n)</c> and <c>STRING</c>; runtime value <see cref="string"/>.</summary>
    VarChar,
    /// <summary><c>BINARY(n)</c>, <c>VARBINARY(n)</c> and <c>BYTES</c>; runtime value <see cref="T:byte[]"/>.</summary>
    Bytes,
    /// <summary><c>DATE</c>; runtime value <see cref="DateOnly"/>.</summary>
    Date,
    /// <summary><c>TIME(p)</c>; runtime value <see cref="TimeOnly"/>.</summary>
    Time,
    /// <summary><c>TIMESTAMP(p)</c> (wall-clock, no zone); runtime value <see cref="DateTime"/> of kind Unspecified.</summary>
    Timestamp,
    /// <summary><c>TIMESTAMP_LTZ(p)</c> (an instant); runtime value <see cref="DateTime"/> of kind Utc.</summary>
    TimestampLtz,
    /// <summary><c>INTERVAL DAY TO SECOND</c> family; runtime value <see cref="long"/> milliseconds.</summary>
    IntervalDayTime,
    /// <summary><c>INTERVAL YEAR TO MONTH</c> family; runtime value <see cref="int"/> months.</summary>
    IntervalYearMonth,
    /// <summary><c>ARRAY&lt;T&gt;</c>; runtime value <see cref="T:object[]"/>.</summary>
    Array,
    /// <summary><c>MAP&lt;K, V&gt;</c>; runtime value <see cref="Dictionary{TKey,TValue}"/> of object to object.</summary>
    Map,
    /// <summary><c>ROW&lt;name T, ...&gt;</c>; runtime value <see cref="T:object[]"/> holding the fields in order.</summary>
    Row,
}
