using System.Collections.Frozen;
using System.Collections.Immutable;
using Bsql.Planner.Types;
using F = Bsql.Planner.Functions.ArgFamily;

namespace Bsql.Planner.Functions;

/// <summary>
/// The signature registry of BSQL's built-in functions (docs/functions.md). A name not found here, nor declared
/// with CREATE FUNCTION, is an "unknown function" diagnostic.
/// </summary>
public static class BuiltinFunctions
{
    private static readonly SqlType Str = SqlType.String;
    private static readonly SqlType Int = SqlType.Int;
    private static readonly SqlType Big = SqlType.BigInt;
    private static readonly SqlType Dbl = SqlType.Double;
    private static readonly SqlType Bool = SqlType.Boolean;

    /// <summary>Every built-in function by upper-case name.</summary>
    public static FrozenDictionary<string, FunctionDefinition> All { get; } = Build();

    /// <summary>The built-in function named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static FunctionDefinition? Find(string name) => All.GetValueOrDefault(name.ToUpperInvariant());

    /// <summary>True when <paramref name="name"/> is a built-in aggregate function.</summary>
    public static bool IsAggregate(string name) => Find(name)?.IsAggregate == true;

    private static SqlType Nullable(IReadOnlyList<SqlType> args, SqlType result) =>
        result.WithNullable(result.Nullable || args.Any(a => a.Nullable));

    private static SqlType Common(IReadOnlyList<SqlType> args, int from = 0)
    {
        SqlType? t = null;
        for (var i = from; i < args.Count; i++)
        {
            t = t is null ? args[i] : TypeRules.CommonType(t, args[i]) ?? t;
        }
        return (t ?? SqlType.Of(SqlTypeKind.Null)).WithoutTimeAttribute();
    }

    private static FrozenDictionary<string, FunctionDefinition> Build()
    {
        var d = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        void Add(string name, int min, int max, F[] families, Func<IReadOnlyList<SqlType>, SqlType> result, string signature, bool aggregate = false) =>
            d[name] = new FunctionDefinition(name, min, max, [.. families], result, aggregate, signature);
        void Fixed(string name, int min, int max, F[] families, SqlType result, string signature) =>
            Add(name, min, max, families, a => Nullable(a, result.WithNullable(false)), signature);
        const int Many = int.MaxValue;

        // String functions.
        foreach (var n in new[] { "CHAR_LENGTH", "CHARACTER_LENGTH" }) Fixed(n, 1, 1, [F.String], Int, n + "(s STRING) INT");
        foreach (var n in new[] { "UPPER", "LOWER", "INITCAP", "REVERSE", "MD5", "SHA1", "SHA256", "TO_BASE64", "FROM_BASE64" })
            Fixed(n, 1, 1, [F.String], Str, n + "(s STRING) STRING");
        foreach (var n in new[] { "TRIM", "LTRIM", "RTRIM" }) Fixed(n, 1, 2, [F.String], Str, n + "(s STRING [, chars STRING]) STRING");
        foreach (var n in new[] { "SUBSTRING", "SUBSTR" }) Fixed(n, 2, 3, [F.String, F.Integer, F.Integer], Str, n + "(s STRING, start INT [, length INT]) STRING");
        Fixed("REPLACE", 3, 3, [F.String], Str, "REPLACE(s STRING, search STRING, replacement STRING) STRING");
        Fixed("CONCAT", 1, Many, [F.Any], Str, "CONCAT(s1, s2, ...) STRING");
        Add("CONCAT_WS", 2, Many, [F.String, F.Any], a => Str.WithNullable(a[0].Nullable), "CONCAT_WS(separator STRING, s1, s2, ...) STRING");
        Fixed("POSITION", 2, 2, [F.String], Int, "POSITION(needle IN haystack) INT");
        Fixed("LOCATE", 2, 3, [F.String, F.String, F.Integer], Int, "LOCATE(needle STRING, haystack STRING [, from INT]) INT");
        Fixed("INSTR", 2, 2, [F.String], Int, "INSTR(s STRING, needle STRING) INT");
        foreach (var n in new[] { "LPAD", "RPAD" }) Fixed(n, 3, 3, [F.String, F.Integer, F.String], Str, n + "(s STRING, length INT, pad STRING) STRING");
        Fixed("REPEAT", 2, 2, [F.String, F.Integer], Str, "REPEAT(s STRING, n INT) STRING");
        Fixed("SPLIT_INDEX", 3, 3, [F.String, F.String, F.Integer], Str, "SPLIT_INDEX(s STRING, separator STRING, index INT) STRING");
        Fixed("REGEXP_REPLACE", 3, 3, [F.String], Str, "REGEXP_REPLACE(s STRING, regex STRING, replacement STRING) STRING");
        Fixed("REGEXP_EXTRACT", 2, 3, [F.String, F.String, F.Integer], Str, "REGEXP_EXTRACT(s STRING, regex STRING [, group INT]) STRING");
        Fixed("REGEXP", 2, 2, [F.String], Bool, "REGEXP(s STRING, regex STRING) BOOLEAN");
        foreach (var n in new[] { "LEFT", "RIGHT" }) Fixed(n, 2, 2, [F.String, F.Integer], Str, n + "(s STRING, n INT) STRING");
        Fixed("ASCII", 1, 1, [F.String], Int, "ASCII(s STRING) INT");
        Fixed("CHR", 1, 1, [F.Integer], Str, "CHR(n INT) STRING");
        Add("UUID", 0, 0, [], _ => Str.WithNullable(false), "UUID() STRING");
        Add("STR_TO_MAP", 1, 3, [F.String], a => Nullable(a, SqlType.Map(Str, Str).WithNullable(false)), "STR_TO_MAP(s STRING [, pairSeparator STRING, keyValueSeparator STRING]) MAP<STRING, STRING>");
        Fixed("HASH_CODE", 1, 1, [F.Any], Int, "HASH_CODE(x) INT");
        Fixed("OVERLAY", 3, 4, [F.String, F.String, F.Integer, F.Integer], Str, "OVERLAY(s PLACING r FROM i [FOR n]) STRING");

        // Math functions.
        Add("ABS", 1, 1, [F.Numeric], a => a[0].WithoutTimeAttribute(), "ABS(x NUMERIC) NUMERIC");
        Add("SIGN", 1, 1, [F.Numeric], a => a[0].WithoutTimeAttribute(), "SIGN(x NUMERIC) NUMERIC");
        Add("MOD", 2, 2, [F.Integer], a => TypeRules.Arithmetic("%", a[0], a[1]) ?? Int, "MOD(a INTEGER, b INTEGER) INTEGER");
        foreach (var n in new[] { "POWER", "ATAN2" }) Fixed(n, 2, 2, [F.Numeric], Dbl, n + "(a NUMERIC, b NUMERIC) DOUBLE");
        foreach (var n in new[] { "SQRT", "EXP", "LN", "LOG10", "LOG2", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "DEGREES", "RADIANS", "COT", "SINH", "COSH", "TANH" })
            Fixed(n, 1, 1, [F.Numeric], Dbl, n + "(x NUMERIC) DOUBLE");
        Fixed("LOG", 1, 2, [F.Numeric], Dbl, "LOG([base NUMERIC,] x NUMERIC) DOUBLE");
        foreach (var n in new[] { "CEIL", "CEILING", "FLOOR" })
        {
            Add(n, 1, 2, [F.Any, F.String], a => a.Count == 2 ? a[0].WithoutTimeAttribute()
                : a[0].Kind == SqlTypeKind.Decimal ? SqlType.Decimal(Math.Min(38, a[0].Precision - a[0].Scale + 1), 0).WithNullable(a[0].Nullable) : a[0].WithoutTimeAttribute(),
                n + "(x NUMERIC) | " + n + "(ts TO unit)");
        }
        foreach (var n in new[] { "ROUND", "TRUNCATE" })
        {
            Add(n, 1, 2, [F.Numeric, F.Integer], a => a[0].WithoutTimeAttribute(), n + "(x NUMERIC [, digits INT]) NUMERIC");
        }
        Add("RAND", 0, 1, [F.Integer], _ => Dbl.WithNullable(false), "RAND([seed INT]) DOUBLE");
        Add("RAND_INTEGER", 1, 2, [F.Integer], _ => Int.WithNullable(false), "RAND_INTEGER([seed INT,] bound INT) INT");
        Add("PI", 0, 0, [], _ => Dbl.WithNullable(false), "PI() DOUBLE");
        Add("E", 0, 0, [], _ => Dbl.WithNullable(false), "E() DOUBLE");
        foreach (var n in new[] { "GREATEST", "LEAST" }) Add(n, 1, Many, [F.Comparable], a => Common(a), n + "(x1, x2, ...) ");
        foreach (var n in new[] { "HEX", "BIN" }) Fixed(n, 1, 1, [F.Any], Str, n + "(x) STRING");

        // Temporal functions.
        var ltz = SqlType.TimestampLtz(3).WithNullable(false);
        foreach (var n in new[] { "CURRENT_TIMESTAMP", "NOW", "CURRENT_ROW_TIMESTAMP" }) Add(n, 0, 0, [], _ => ltz, n + "() TIMESTAMP_LTZ(3)");
        Add("LOCALTIMESTAMP", 0, 0, [], _ => SqlType.Timestamp(3).WithNullable(false), "LOCALTIMESTAMP TIMESTAMP(3)");
        Add("CURRENT_DATE", 0, 0, [], _ => SqlType.Date.WithNullable(false), "CURRENT_DATE DATE");
        Add("CURRENT_TIME", 0, 0, [], _ => new SqlType { Kind = SqlTypeKind.Time, Nullable = false }, "CURRENT_TIME TIME(0)");
        Add("LOCALTIME", 0, 0, [], _ => new SqlType { Kind = SqlTypeKind.Time, Nullable = false }, "LOCALTIME TIME(0)");
        Add("PROCTIME", 0, 0, [], _ => ltz with { TimeAttribute = TimeAttribute.Proctime }, "PROCTIME() TIMESTAMP_LTZ(3) *PROCTIME*");
        Fixed("DATE_FORMAT", 2, 2, [F.TemporalOrString, F.String], Str, "DATE_FORMAT(ts TIMESTAMP|STRING, format STRING) STRING");
        Fixed("TO_TIMESTAMP", 1, 2, [F.String], SqlType.Timestamp(3), "TO_TIMESTAMP(s STRING [, format STRING]) TIMESTAMP(3)");
        Fixed("TO_TIMESTAMP_LTZ", 1, 2, [F.Numeric, F.Integer], SqlType.TimestampLtz(3), "TO_TIMESTAMP_LTZ(epoch NUMERIC [, precision INT]) TIMESTAMP_LTZ(3)");
        Fixed("TO_DATE", 1, 2, [F.String], SqlType.Date, "TO_DATE(s STRING [, format STRING]) DATE");
        Fixed("UNIX_TIMESTAMP", 0, 2, [F.String], Big, "UNIX_TIMESTAMP([s STRING [, format STRING]]) BIGINT");
        Fixed("FROM_UNIXTIME", 1, 2, [F.Integer, F.String], Str, "FROM_UNIXTIME(seconds BIGINT [, format STRING]) STRING");
        Fixed("EXTRACT", 2, 2, [F.String, F.Temporal], Big, "EXTRACT(unit FROM temporal) BIGINT");
        foreach (var n in new[] { "YEAR", "QUARTER", "MONTH", "WEEK", "DAYOFYEAR", "DAYOFMONTH", "DAYOFWEEK", "HOUR", "MINUTE", "SECOND" })
            Fixed(n, 1, 1, [F.Temporal], Big, n + "(temporal) BIGINT");
        Add("TIMESTAMPADD", 3, 3, [F.String, F.Integer, F.Temporal], a => a[2].WithoutTimeAttribute(), "TIMESTAMPADD(unit, n INT, ts TIMESTAMP) TIMESTAMP");
        Fixed("TIMESTAMPDIFF", 3, 3, [F.String, F.Temporal, F.Temporal], Int, "TIMESTAMPDIFF(unit, ts1, ts2) INT");
        Fixed("DATEDIFF", 2, 2, [F.DateLike], Int, "DATEDIFF(date1, date2) INT");

        // Conditional, JSON and collection functions.
        Add("COALESCE", 1, Many, [F.Any], a => Common(a).WithNullable(a.All(t => t.Nullable)), "COALESCE(x1, x2, ...)");
        Add("IF", 3, 3, [F.Boolean, F.Any], a => Common(a, 1), "IF(condition BOOLEAN, then, else)");
        Add("NULLIF", 2, 2, [F.Any], a => a[0].WithoutTimeAttribute().WithNullable(true), "NULLIF(a, b)");
        Add("IFNULL", 2, 2, [F.Any], a => Common(a).WithNullable(a[1].Nullable), "IFNULL(x, default)");
        foreach (var n in new[] { "IS_DIGIT", "IS_ALPHA", "IS_DECIMAL" }) Add(n, 1, 1, [F.String], _ => Bool.WithNullable(false), n + "(s STRING) BOOLEAN");
        Fixed("JSON_VALUE", 2, 2, [F.String], Str, "JSON_VALUE(json STRING, path STRING [RETURNING type]) STRING");
        Fixed("JSON_EXISTS", 2, 2, [F.String], Bool, "JSON_EXISTS(json STRING, path STRING) BOOLEAN");
        Fixed("JSON_QUERY", 2, 2, [F.String], Str, "JSON_QUERY(json STRING, path STRING) STRING");
        Fixed("CARDINALITY", 1, 1, [F.Collection], Int, "CARDINALITY(collection) INT");
        Add("ELEMENT", 1, 1, [F.Collection], a => (a[0].Element ?? SqlType.Of(SqlTypeKind.Null)).WithNullable(true), "ELEMENT(array) T");

        // Aggregate functions.
        Add("COUNT", 0, Many, [F.Any], _ => Big.WithNullable(false), "COUNT(*) | COUNT([DISTINCT] x) BIGINT", aggregate: true);
        Add("SUM", 1, 1, [F.Numeric], a => SumType(a[0]).WithNullable(true), "SUM(x NUMERIC)", aggregate: true);
        Add("SUM0", 1, 1, [F.Numeric], a => SumType(a[0]).WithNullable(false), "SUM0(x NUMERIC)", aggregate: true);
        Add("AVG", 1, 1, [F.Numeric], a => AvgType(a[0]).WithNullable(true), "AVG(x NUMERIC)", aggregate: true);
        foreach (var n in new[] { "MIN", "MAX" }) Add(n, 1, 1, [F.Comparable], a => a[0].WithoutTimeAttribute().WithNullable(true), n + "(x)", aggregate: true);
        foreach (var n in new[] { "FIRST_VALUE", "LAST_VALUE" }) Add(n, 1, 1, [F.Any], a => a[0].WithoutTimeAttribute().WithNullable(true), n + "(x)", aggregate: true);
        Add("LISTAGG", 1, 2, [F.String], _ => Str, "LISTAGG(x STRING [, separator STRING]) STRING", aggregate: true);
        Add("APPROX_COUNT_DISTINCT", 1, 1, [F.Any], _ => Big.WithNullable(false), "APPROX_COUNT_DISTINCT(x) BIGINT", aggregate: true);
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static SqlType SumType(SqlType t) => t.Kind switch
    {
        SqlTypeKind.Decimal => SqlType.Decimal(TypeRules.MaxDecimalPrecision, t.Scale),
        SqlTypeKind.Null => Big,
        _ => SqlType.Of(t.Kind),
    };

    private static SqlType AvgType(SqlType t) => t.Kind switch
    {
        SqlTypeKind.Decimal => SqlType.Decimal(TypeRules.MaxDecimalPrecision, Math.Max(6, t.Scale)),
        SqlTypeKind.Null => Dbl,
        _ => SqlType.Of(t.Kind),
    };

    /// <summary>Every built-in name, for did-you-mean hints.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Keys.Order(StringComparer.Ordinal)];
}
