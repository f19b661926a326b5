namespace Bsql.Runtime.Expressions;

internal static partial class FunctionRegistry
{
    static partial void RegisterFunctions(Dictionary<string, FunctionCompiler> f)
    {
        // String
        Strict(f, "CHAR_LENGTH", typeof(StringFunctions), nameof(StringFunctions.CharLength));
        Strict(f, "CHARACTER_LENGTH", typeof(StringFunctions), nameof(StringFunctions.CharLength));
        Strict(f, "UPPER", typeof(StringFunctions), nameof(StringFunctions.Upper));
        Strict(f, "LOWER", typeof(StringFunctions), nameof(StringFunctions.Lower));
        Strict(f, "INITCAP", typeof(StringFunctions), nameof(StringFunctions.InitCap));
        Strict(f, "TRIM", typeof(StringFunctions), nameof(StringFunctions.Trim));
        Strict(f, "LTRIM", typeof(StringFunctions), nameof(StringFunctions.LTrim));
        Strict(f, "RTRIM", typeof(StringFunctions), nameof(StringFunctions.RTrim));
        Strict(f, "SUBSTRING", typeof(StringFunctions), nameof(StringFunctions.Substring));
        Strict(f, "SUBSTR", typeof(StringFunctions), nameof(StringFunctions.Substring));
        Strict(f, "REPLACE", typeof(StringFunctions), nameof(StringFunctions.Replace));
        f["CONCAT"] = (e, c) => e.EmitStrictCall(e.EmitTextArgs(c), typeof(StringFunctions), nameof(StringFunctions.Concat));
        f["CONCAT_WS"] = (e, c) => e.EmitConcatWs(c);
        Strict(f, "POSITION", typeof(StringFunctions), nameof(StringFunctions.Position));
        Strict(f, "LOCATE", typeof(StringFunctions), nameof(StringFunctions.Locate));
        Strict(f, "INSTR", typeof(StringFunctions), nameof(StringFunctions.Instr));
        Strict(f, "LPAD", typeof(StringFunctions), nameof(StringFunctions.Lpad));
        Strict(f, "RPAD", typeof(StringFunctions), nameof(StringFunctions.Rpad));
        Strict(f, "REPEAT", typeof(StringFunctions), nameof(StringFunctions.Repeat));
        Strict(f, "REVERSE", typeof(StringFunctions), nameof(StringFunctions.Reverse));
        Strict(f, "SPLIT_INDEX", typeof(StringFunctions), nameof(StringFunctions.SplitIndex));
        Strict(f, "REGEXP_REPLACE", typeof(StringFunctions), nameof(StringFunctions.RegexpReplace));
        Strict(f, "REGEXP_EXTRACT", typeof(StringFunctions), nameof(StringFunctions.RegexpExtract));
        Strict(f, "REGEXP", typeof(StringFunctions), nameof(StringFunctions.Regexp));
        Strict(f, "LEFT", typeof(StringFunctions), nameof(StringFunctions.Left));
        Strict(f, "RIGHT", typeof(StringFunctions), nameof(StringFunctions.Right));
        Strict(f, "ASCII", typeof(StringFunctions), nameof(StringFunctions.Ascii));
        Strict(f, "CHR", typeof(StringFunctions), nameof(StringFunctions.Chr));
        Strict(f, "TO_BASE64", typeof(StringFunctions), nameof(StringFunctions.ToBase64));
        f["FROM_BASE64"] = (e, c) => e.EmitStrictCall(c, typeof(StringFunctions),
            c.Type.Kind == Bsql.Planner.Types.SqlTypeKind.Bytes ? nameof(StringFunctions.FromBase64Bytes) : nameof(StringFunctions.FromBase64));
        Strict(f, "UUID", typeof(StringFunctions), nameof(StringFunctions.Uuid));
        Strict(f, "STR_TO_MAP", typeof(StringFunctions), nameof(StringFunctions.StrToMap));
        Strict(f, "OVERLAY", typeof(StringFunctions), nameof(StringFunctions.Overlay));
        f["IS_DIGIT"] = (e, c) => e.EmitNullableCall(c, typeof(StringFunctions), nameof(StringFunctions.IsDigit));
        f["IS_ALPHA"] = (e, c) => e.EmitNullableCall(c, typeof(StringFunctions), nameof(StringFunctions.IsAlpha));
        f["IS_DECIMAL"] = (e, c) => e.EmitNullableCall(c, typeof(StringFunctions), nameof(StringFunctions.IsDecimal));

        // Hashes
        Strict(f, "MD5", typeof(HashFunctions), nameof(HashFunctions.Md5));
        Strict(f, "SHA1", typeof(HashFunctions), nameof(HashFunctions.Sha1));
        Strict(f, "SHA256", typeof(HashFunctions), nameof(HashFunctions.Sha256));
        Strict(f, "HASH_CODE", typeof(HashFunctions), nameof(HashFunctions.HashCode));

        // Math
        Strict(f, "ABS", typeof(MathFunctions), nameof(MathFunctions.Abs));
        Strict(f, "MOD", typeof(MathFunctions), nameof(MathFunctions.Mod));
        Strict(f, "POWER", typeof(MathFunctions), nameof(MathFunctions.Power));
        Strict(f, "SQRT", typeof(MathFunctions), nameof(MathFunctions.Sqrt));
        Strict(f, "EXP", typeof(MathFunctions), nameof(MathFunctions.Exp));
        Strict(f, "LN", typeof(MathFunctions), nameof(MathFunctions.Ln));
        Strict(f, "LOG10", typeof(MathFunctions), nameof(MathFunctions.Log10));
        Strict(f, "LOG2", typeof(MathFunctions), nameof(MathFunctions.Log2));
        Strict(f, "LOG", typeof(MathFunctions), nameof(MathFunctions.Log));
        f["CEIL"] = (e, c) => e.EmitFloorCeil(c, floor: false);
        f["CEILING"] = (e, c) => e.EmitFloorCeil(c, floor: false);
        f["FLOOR"] = (e, c) => e.EmitFloorCeil(c, floor: true);
        Strict(f, "ROUND", typeof(MathFunctions), nameof(MathFunctions.Round));
        Strict(f, "TRUNCATE", typeof(MathFunctions), nameof(MathFunctions.Truncate));
        Strict(f, "SIGN", typeof(MathFunctions), nameof(MathFunctions.Sign));
        f["RAND"] = (e, c) => e.EmitRandom(c, integer: false);
        f["RAND_INTEGER"] = (e, c) => e.EmitRandom(c, integer: true);
        Strict(f, "PI", typeof(MathFunctions), nameof(MathFunctions.Pi));
        Strict(f, "E", typeof(MathFunctions), nameof(MathFunctions.E));
        Strict(f, "SIN", typeof(MathFunctions), nameof(MathFunctions.Sin));
        Strict(f, "COS", typeof(MathFunctions), nameof(MathFunctions.Cos));
        Strict(f, "TAN", typeof(MathFunctions), nameof(MathFunctions.Tan));
        Strict(f, "ASIN", typeof(MathFunctions), nameof(MathFunctions.Asin));
        Strict(f, "ACOS", typeof(MathFunctions), nameof(MathFunctions.Acos));
        Strict(f, "ATAN", typeof(MathFunctions), nameof(MathFunctions.Atan));
        Strict(f, "ATAN2", typeof(MathFunctions), nameof(MathFunctions.Atan2));
        Strict(f, "COT", typeof(MathFunctions), nameof(MathFunctions.Cot));
        Strict(f, "SINH", typeof(MathFunctions), nameof(MathFunctions.Sinh));
        Strict(f, "COSH", typeof(MathFunctions), nameof(MathFunctions.Cosh));
        Strict(f, "TANH", typeof(MathFunctions), nameof(MathFunctions.Tanh));
        Strict(f, "DEGREES", typeof(MathFunctions), nameof(MathFunctions.Degrees));
        Strict(f, "RADIANS", typeof(MathFunctions), nameof(MathFunctions.Radians));
        f["GREATEST"] = (e, c) => e.EmitGreatestLeast(c, greatest: true);
        f["LEAST"] = (e, c) => e.EmitGreatestLeast(c, greatest: false);
        Strict(f, "HEX", typeof(MathFunctions), nameof(MathFunctions.Hex));
        Strict(f, "BIN", typeof(MathFunctions), nameof(MathFunctions.Bin));

        // Temporal
        foreach (var name in new[] { "CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_ROW_TIMESTAMP", "PROCTIME", "LOCALTIME" })
        {
            f[name] = (e, c) => e.EmitNow(c);
        }
        f["DATE_FORMAT"] = (e, c) => e.EmitStrictCall(e.EmitWallClockArgs(c), typeof(TemporalFunctions), nameof(TemporalFunctions.DateFormat));
        Strict(f, "TO_TIMESTAMP", typeof(TemporalFunctions), nameof(TemporalFunctions.ToTimestamp));
        Strict(f, "TO_TIMESTAMP_LTZ", typeof(TemporalFunctions), nameof(TemporalFunctions.ToTimestampLtz));
        Strict(f, "TO_DATE", typeof(TemporalFunctions), nameof(TemporalFunctions.ToDate));
        Strict(f, "UNIX_TIMESTAMP", typeof(TemporalFunctions), nameof(TemporalFunctions.UnixTimestamp));
        Strict(f, "FROM_UNIXTIME", typeof(TemporalFunctions), nameof(TemporalFunctions.FromUnixtime));
        f["EXTRACT"] = (e, c) => e.EmitStrictCall(e.EmitUnitAndWallClockArgs(c, unitIndex: 0), typeof(TemporalFunctions), nameof(TemporalFunctions.Extract));
        foreach (var (name, unit) in new[]
                 {
                     ("YEAR", "YEAR"), ("QUARTER", "QUARTER"), ("MONTH", "MONTH"), ("WEEK", "WEEK"), ("DAYOFYEAR", "DOY"),
                     ("DAYOFMONTH", "DAY"), ("DAYOFWEEK", "DOW"), ("HOUR", "HOUR"), ("MINUTE", "MINUTE"), ("SECOND", "SECOND"),
                 })
        {
            var resolved = TemporalUnits.Parse(unit);
            f[name] = (e, c) => e.EmitStrictCall([System.Linq.Expressions.Expression.Constant(resolved), .. e.EmitWallClockArgs(c)], typeof(TemporalFunctions), nameof(TemporalFunctions.Extract));
        }
        f["TIMESTAMPADD"] = (e, c) => e.EmitTimestampAdd(c);
        f["TIMESTAMPDIFF"] = (e, c) => e.EmitTimestampDiff(c);
        f["DATEDIFF"] = (e, c) => e.EmitDateDiff(c);

        // Conditional
        f["COALESCE"] = (e, c) => e.EmitCoalesce(c);
        f["IFNULL"] = (e, c) => e.EmitCoalesce(c);
        f["IF"] = (e, c) => e.EmitIf(c);
        f["NULLIF"] = (e, c) => e.EmitNullIf(c);

        // JSON
        f["JSON_VALUE"] = (e, c) => e.EmitJsonValue(c);
        f["JSON_EXISTS"] = (e, c) => e.EmitStrictCall(e.EmitArgs(c)[..2], typeof(JsonFunctions), nameof(JsonFunctions.JsonExists));
        f["JSON_QUERY"] = (e, c) => e.EmitStrictCall(e.EmitArgs(c)[..2], typeof(JsonFunctions), nameof(JsonFunctions.JsonQuery));

        // Collections
        Strict(f, "CARDINALITY", typeof(CollectionFunctions), nameof(CollectionFunctions.Cardinality));
        Strict(f, "ELEMENT", typeof(CollectionFunctions), nameof(CollectionFunctions.Element));
    }
}
