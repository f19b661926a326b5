using System.Globalization;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>
/// Produces the values of one column (or nested field) of a <c>datagen</c> table, as Flink's
/// <c>RandomGeneratorVisitor</c> / <c>SequenceGeneratorVisitor</c> define them: <c>kind</c> random
/// or sequence, <c>min/max</c>, <c>length</c>, <c>var-len</c>, <c>max-past</c>, <c>start/end</c>,
/// <c>null-rate</c>; nested ROW fields, ARRAY elements and MAP keys/values are configured under
/// <c>fields.&lt;col&gt;.&lt;field&gt;</c>, <c>fields.&lt;col&gt;.element</c>,
/// <c>fields.&lt;col&gt;.key</c> and <c>fields.&lt;col&gt;.value</c>.
/// </summary>
internal abstract class DatagenValueGenerator
{
    private const int DefaultStringLength = 100;
    private const int DefaultCollectionLength = 3;

    private double _nullRate;

    /// <summary>For a sequence: how many values it has (end - start + 1); null for random values.</summary>
    public virtual long? SequenceLength => null;

    /// <summary>The value for the row with global index <paramref name="rowIndex"/>.</summary>
    public object? Next(ref SplitMix64 rng, long rowIndex, long nowMs)
    {
        if (_nullRate > 0 && rng.NextDouble() < _nullRate) return null;
        return Generate(ref rng, rowIndex, nowMs);
    }

    protected abstract object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs);

    /// <summary>Builds the generator of <paramref name="path"/> (a column or nested field) of <paramref name="type"/>.</summary>
    public static DatagenValueGenerator Create(string path, SqlType type, DatagenFieldOptions options)
    {
        var kind = options.GetString(path, "kind")?.Trim().ToLowerInvariant() ?? "random";
        DatagenValueGenerator generator;
        if (kind == "sequence")
        {
            generator = CreateSequence(path, type, options);
        }
        else
        {
            if (kind != "random") options.Error(path, "kind", $"'fields.{path}.kind' must be 'random' or 'sequence', found '{options.GetString(path, "kind")}'");
            generator = CreateRandom(path, type, options);
        }
        var nullRate = options.GetDouble(path, "null-rate", 0, 0, 1);
        if (nullRate > 0 && !type.Nullable)
        {
            options.Error(path, "null-rate", $"'fields.{path}.null-rate' cannot be set: '{path}' is NOT NULL");
            nullRate = 0;
        }
        generator._nullRate = nullRate;
        return generator;
    }

    private static DatagenValueGenerator CreateSequence(string path, SqlType type, DatagenFieldOptions options)
    {
        if (!(type.IsInteger || type.IsString || type.Kind is SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal))
        {
            options.Error(path, "kind", $"'fields.{path}.kind' = 'sequence' is not supported for {type}; use 'random'");
            return CreateRandom(path, type, options);
        }
        if (!options.Has(path, "start") || !options.Has(path, "end"))
        {
            options.Error(path, "kind", $"a sequence needs 'fields.{path}.start' and 'fields.{path}.end'");
        }
        var (typeMin, typeMax) = IntegerRange(type);
        var start = options.GetLong(path, "start", 0, typeMin, typeMax);
        var end = options.GetLong(path, "end", start, typeMin, typeMax);
        if (end < start)
        {
            options.Error(path, "end", $"'fields.{path}.end' ({end}) must not be below 'fields.{path}.start' ({start})");
            end = start;
        }
        return new Sequence(type, start, end);
    }

    private static (long Min, long Max) IntegerRange(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => (sbyte.MinValue, sbyte.MaxValue),
        SqlTypeKind.SmallInt => (short.MinValue, short.MaxValue),
        SqlTypeKind.Int => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    private static DatagenValueGenerator CreateRandom(string path, SqlType type, DatagenFieldOptions options)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                return new RandomBoolean();
            case SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime:
            {
                var (typeMin, typeMax) = IntegerRange(type);
                var min = options.GetLong(path, "min", typeMin, typeMin, typeMax);
                var max = options.GetLong(path, "max", typeMax, typeMin, typeMax);
                CheckOrder(path, options, ref min, ref max);
                return new RandomInteger(type.Kind, min, max);
            }
            case SqlTypeKind.IntervalYearMonth:
            {
                var min = options.GetLong(path, "min", 0, int.MinValue, int.MaxValue);
                var max = options.GetLong(path, "max", 120_000, int.MinValue, int.MaxValue);
                CheckOrder(path, options, ref min, ref max);
                return new RandomInteger(SqlTypeKind.Int, min, max);
            }
            case SqlTypeKind.Float:
            {
                // Flink's defaults: Float.MIN_VALUE (the smallest positive float) .. Float.MAX_VALUE.
                var min = options.GetDouble(path, "min", float.Epsilon, float.MinValue, float.MaxValue);
                var max = options.GetDouble(path, "max", float.MaxValue, float.MinValue, float.MaxValue);
                CheckOrder(path, options, ref min, ref max);
                return new RandomFloating(true, min, max);
            }
            case SqlTypeKind.Double:
            {
                var min = options.GetDouble(path, "min", double.Epsilon);
                var max = options.GetDouble(path, "max", double.MaxValue);
                CheckOrder(path, options, ref min, ref max);
                return new RandomFloating(false, min, max);
            }
            case SqlTypeKind.Decimal:
            {
                var limit = DecimalLimit(type.Precision, type.Scale);
                var min = options.GetDouble(path, "min", 0);
                var max = options.GetDouble(path, "max", (double)limit);
                CheckOrder(path, options, ref min, ref max);
                return new RandomDecimal(type.Scale, Math.Max(min, -(double)limit), Math.Min(max, (double)limit));
            }
            case SqlTypeKind.Char or SqlTypeKind.VarChar:
            {
                var declared = type.Precision <= 0 || type.Precision == SqlType.MaxLength ? DefaultStringLength : type.Precision;
                var length = options.GetInt(path, "length", declared, 0, 1 << 24);
                return new RandomString(length, type.Kind == SqlTypeKind.VarChar && options.GetBool(path, "var-len", false));
            }
            case SqlTypeKind.Bytes:
            {
                var declared = type.Precision <= 0 || type.Precision == SqlType.MaxLength ? DefaultStringLength : type.Precision;
                var length = options.GetInt(path, "length", declared, 0, 1 << 24);
                return new RandomBytes(length, options.GetBool(path, "var-len", false));
            }
            case SqlTypeKind.Date or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                return new RandomPastTime(type.Kind, options.GetDurationMs(path, "max-past", 0));
            case SqlTypeKind.Time:
                return new RandomTimeOfDay();
            case SqlTypeKind.Array:
            {
                var length = options.GetInt(path, "length", DefaultCollectionLength, 0, 1 << 20);
                return new RandomArray(Create(path + ".element", type.Element!, options), length);
            }
            case SqlTypeKind.Map:
            {
                var length = options.GetInt(path, "length", DefaultCollectionLength, 0, 1 << 20);
                return new RandomMap(Create(path + ".key", type.Element!, options), Create(path + ".value", type.Value!, options), length);
            }
            case SqlTypeKind.Row:
            {
                var fields = new DatagenValueGenerator[type.Fields.Length];
                for (var i = 0; i < fields.Length; i++) fields[i] = Create(path + "." + type.Fields[i].Name, type.Fields[i].Type, options);
                return new RandomRow(fields);
            }
            default:
                options.Error(path, "kind", $"datagen cannot generate values of type {type} (column '{path}')");
                return new Constant(null);
        }
    }

    private static void CheckOrder<T>(string path, DatagenFieldOptions options, ref T min, ref T max) where T : IComparable<T>
    {
        if (min.CompareTo(max) <= 0) return;
        options.Error(path, "max", $"'fields.{path}.max' must not be below 'fields.{path}.min'");
        max = min;
    }

    private static decimal DecimalLimit(int precision, int scale)
    {
        // Largest value of DECIMAL(p, s), capped at what System.Decimal holds.
        var digits = Math.Clamp(precision - scale, 0, 28);
        var whole = 1m;
        for (var i = 0; i < digits; i++) whole *= 10m;
        var step = 1m;
        for (var i = 0; i < Math.Min(scale, 28); i++) step /= 10m;
        return whole - step;
    }

    private sealed class Constant(object? value) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs) => value;
    }

    private sealed class Sequence(SqlType type, long start, long end) : DatagenValueGenerator
    {
        public override long? SequenceLength => unchecked((long)((ulong)(end - start) + 1UL)) is var n && n > 0 ? n : long.MaxValue;

        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var v = unchecked(start + rowIndex);
            return type.Kind switch
            {
                SqlTypeKind.TinyInt => (object)(sbyte)v,
                SqlTypeKind.SmallInt => (object)(short)v,
                SqlTypeKind.Int => (object)(int)v,
                SqlTypeKind.BigInt => (object)v,
                SqlTypeKind.Float => (object)(float)v,
                SqlTypeKind.Double => (object)(double)v,
                SqlTypeKind.Decimal => (object)(decimal)v,
                _ => v.ToString(CultureInfo.InvariantCulture),
            };
        }
    }

    private sealed class RandomBoolean : DatagenValueGenerator
    {
        private static readonly object True = true;
        private static readonly object False = false;

        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs) => rng.NextBoolean() ? True : False;
    }

    private sealed class RandomInteger(SqlTypeKind kind, long min, long max) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var v = rng.NextLongInclusive(min, max);
            return kind switch
            {
                SqlTypeKind.TinyInt => (object)(sbyte)v,
                SqlTypeKind.SmallInt => (object)(short)v,
                SqlTypeKind.Int => (object)(int)v,
                _ => (object)v,
            };
        }
    }

    private sealed class RandomFloating(bool single, double min, double max) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var u = rng.NextDouble();
            // Written so that a range as wide as [-MaxValue, MaxValue] does not overflow.
            var v = Math.Clamp(min * (1 - u) + max * u, min, max);
            return single ? (object)(float)v : v;
        }
    }

    private sealed class RandomDecimal(int scale, double min, double max) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var u = rng.NextDouble();
            var v = Math.Clamp(min * (1 - u) + max * u, min, max);
            var d = v >= (double)decimal.MaxValue ? decimal.MaxValue : v <= (double)decimal.MinValue ? decimal.MinValue : (decimal)v;
            return Math.Round(d, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        }
    }

    private sealed class RandomString(int length, bool varLen) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            // Flink: random lowercase hex digits; var-len picks a length in [1, length).
            var n = varLen && length > 1 ? 1 + rng.NextInt(length - 1) : length;
            if (n == 0) return "";
            Span<char> chars = n <= 256 ? stackalloc char[n] : new char[n];
            for (var i = 0; i < n; i++) chars[i] = "0123456789abcdef"[rng.NextInt(16)];
            return new string(chars);
        }
    }

    private sealed class RandomBytes(int length, bool varLen) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var n = varLen && length > 1 ? 1 + rng.NextInt(length - 1) : length;
            var bytes = new byte[n];
            for (var i = 0; i < n; i += 8)
            {
                var r = rng.NextLong();
                for (var b = 0; b < 8 && i + b < n; b++) bytes[i + b] = (byte)(r >> (8 * b));
            }
            return bytes;
        }
    }

    private sealed class RandomPastTime(SqlTypeKind kind, long maxPastMs) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var ms = nowMs - (maxPastMs > 0 ? rng.NextLong(maxPastMs) : 0);
            var ticks = DateTime.UnixEpoch.Ticks + ms * TimeSpan.TicksPerMillisecond;
            return kind switch
            {
                SqlTypeKind.Date => DateOnly.FromDateTime(new DateTime(ticks, DateTimeKind.Unspecified)),
                SqlTypeKind.TimestampLtz => new DateTime(ticks, DateTimeKind.Utc),
                _ => new DateTime(ticks, DateTimeKind.Unspecified),
            };
        }
    }

    private sealed class RandomTimeOfDay : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs) =>
            new TimeOnly(rng.NextInt(86_400_000) * TimeSpan.TicksPerMillisecond);
    }

    private sealed class RandomArray(DatagenValueGenerator element, int length) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var values = new object?[length];
            for (var i = 0; i < length; i++) values[i] = element.Next(ref rng, rowIndex, nowMs);
            return values;
        }
    }

    private sealed class RandomMap(DatagenValueGenerator key, DatagenValueGenerator value, int length) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            // As Flink's map generator: `length` draws, duplicates collapse, null keys are skipped.
            var map = new Dictionary<object, object?>(length);
            for (var i = 0; i < length; i++)
            {
                var k = key.Next(ref rng, rowIndex, nowMs);
                var v = value.Next(ref rng, rowIndex, nowMs);
                if (k is not null) map[k] = v;
            }
            return map;
        }
    }

    private sealed class RandomRow(DatagenValueGenerator[] fields) : DatagenValueGenerator
    {
        protected override object? Generate(ref SplitMix64 rng, long rowIndex, long nowMs)
        {
            var values = new object?[fields.Length];
            for (var i = 0; i < fields.Length; i++) values[i] = fields[i].Next(ref rng, rowIndex, nowMs);
            return values;
        }
    }
}
