using System.Globalization;
using Bsql.Planner.Types;
using Bsql.Runtime.Connectors.Nexmark;

namespace Bsql.Runtime.Connectors.Datagen;

/// <summary>
/// A <c>datagen</c> table's settings (Flink's datagen connector options) with the column generators
/// built from its physical schema. BSQL extensions: <c>seed</c> (Flink's values are unseeded) and
/// <c>base-time</c> (the "now" that random TIMESTAMP/DATE values count back from; by default the
/// job clock's current time, as in Flink).
/// </summary>
public sealed class DatagenConfig
{
    /// <summary>The default <c>seed</c> option: the ASCII bytes of "datagen".</summary>
    public const long DefaultSeed = 0x6461746167656EL;

    /// <summary>Flink's default <c>rows-per-second</c> for an unbounded table.</summary>
    public const double DefaultRowsPerSecond = 10_000;

    /// <summary>Diagnostic code of a malformed or unknown <c>datagen</c> option (the runtime's BSQL4001).</summary>
    public const string InvalidOptionCode = Execution.RuntimeErrors.BadOptionValue;

    private static readonly HashSet<string> KnownOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "connector", "rows-per-second", "number-of-rows", "seed", "base-time", "scan.parallelism",
    };

    private DatagenConfig(RowSchema schema, DatagenValueGenerator[] columns)
    {
        Schema = schema;
        Columns = columns;
    }

    /// <summary>The physical columns generated, in order.</summary>
    public RowSchema Schema { get; }

    internal DatagenValueGenerator[] Columns { get; }

    /// <summary>
    /// Rows per second over all subtasks; 0 = as fast as possible. Absent: Flink's 10000 for an
    /// unbounded table, unlimited for a bounded one.
    /// </summary>
    public double RowsPerSecond { get; private init; }

    /// <summary>Total rows over all subtasks: <c>number-of-rows</c>, capped by the shortest sequence column; null = unbounded.</summary>
    public long? TotalRows { get; private init; }

    /// <summary>The <c>seed</c> option.</summary>
    public long Seed { get; private init; } = DefaultSeed;

    /// <summary>The <c>base-time</c> option (epoch ms), or null to use the job clock.</summary>
    public long? BaseTime { get; private init; }

    /// <summary>
    /// Reads the options of a <c>datagen</c> table whose physical columns are <paramref name="schema"/>.
    /// Problems are added to <paramref name="errors"/>; the result is always usable.
    /// </summary>
    public static DatagenConfig FromOptions(RowSchema schema, IReadOnlyDictionary<string, string> options, ICollection<GeneratorOptionError> errors)
    {
        foreach (var key in options.Keys)
        {
            if (!KnownOptions.Contains(key) && !key.StartsWith("fields.", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new GeneratorOptionError(InvalidOptionCode, key,
                    $"unknown datagen option '{key}'; known options: rows-per-second, number-of-rows, seed, base-time, fields.<column>.<property>"));
            }
        }
        var fieldOptions = new DatagenFieldOptions(options, errors);
        var columns = new DatagenValueGenerator[schema.Count];
        for (var i = 0; i < columns.Length; i++) columns[i] = DatagenValueGenerator.Create(schema[i].Name, schema[i].Type, fieldOptions);
        fieldOptions.ReportUnused();

        var reader = new OptionReader(options, InvalidOptionCode, errors);
        long? totalRows = reader.Has("number-of-rows") ? reader.GetLong("number-of-rows", 0, 0) : null;
        foreach (var column in columns)
        {
            if (column.SequenceLength is { } length) totalRows = totalRows is { } t ? Math.Min(t, length) : length;
        }
        var rate = reader.Has("rows-per-second")
            ? reader.GetDouble("rows-per-second", DefaultRowsPerSecond, 0)
            : totalRows is null ? DefaultRowsPerSecond : 0;
        return new DatagenConfig(schema, columns)
        {
            RowsPerSecond = rate,
            TotalRows = totalRows,
            Seed = reader.GetLong("seed", DefaultSeed),
            BaseTime = ReadBaseTime(reader),
        };
    }

    private static long? ReadBaseTime(OptionReader r)
    {
        var text = r.GetString("base-time");
        if (text is null) return null;
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)) return ms;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text.Trim().TrimEnd('Z'), formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            return (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        }
        r.Error("base-time", $"'base-time' must be epoch milliseconds or a UTC timestamp 'yyyy-MM-dd HH:mm:ss[.SSS]', found '{text}'");
        return null;
    }
}
