using Bsql.Planner.Types;

namespace Bsql.Planner.Physical;

/// <summary>
/// The one row shape of every dead-letter table, whatever set the record aside (an undecodable source record, a row
/// whose lookup failed, a late join row). A dead-letter table declares any subset of these columns, matched by name
/// case-insensitively (aliases in parentheses); its other columns are written NULL:
/// <list type="bullet">
/// <item><c>kind</c> STRING: <see cref="KindDecode"/>, <see cref="KindLookup"/> or <see cref="KindLateRow"/>.</item>
/// <item><c>source_table</c> (<c>table</c>, <c>source</c>) STRING: the table the record was read from, the dimension
/// table of a failed lookup, or the operator that set the row aside.</item>
/// <item><c>location</c> (<c>position</c>) STRING: <c>file:line</c>, <c>topic/partition@offset</c>, the lookup key
/// <c>(1, a)</c>, the row's event time.</item>
/// <item><c>raw</c> (<c>record</c>, <c>payload</c>) STRING or BYTES: the record's bytes, or the row as a JSON object
/// (column name to value).</item>
/// <item><c>reason</c> (<c>error</c>) STRING: why.</item>
/// <item><c>dead_lettered_at</c> (<c>ts</c>) TIMESTAMP(3) or TIMESTAMP_LTZ(3): the job clock when it was set aside.</item>
/// </list>
/// </summary>
public static class DeadLetterColumns
{
    /// <summary><c>kind</c> of an undecodable source record.</summary>
    public const string KindDecode = "decode";

    /// <summary><c>kind</c> of a row whose lookup failed (<c>lookup.failure = dead-letter</c>).</summary>
    public const string KindLookup = "lookup";

    /// <summary><c>kind</c> of a late row of a delayed window join (<c>sjoin.late-rows = dead-letter</c>).</summary>
    public const string KindLateRow = "late-row";

    /// <summary>The canonical column names, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["kind", "source_table", "location", "raw", "reason", "dead_lettered_at"];

    /// <summary>What a column named <paramref name="name"/> receives.</summary>
    public static DeadLetterColumnRole RoleOf(string name) => name.ToLowerInvariant() switch
    {
        "kind" => DeadLetterColumnRole.Kind,
        "source_table" or "table" or "source" => DeadLetterColumnRole.SourceTable,
        "location" or "position" => DeadLetterColumnRole.Location,
        "raw" or "record" or "payload" => DeadLetterColumnRole.Raw,
        "reason" or "error" => DeadLetterColumnRole.Reason,
        "dead_lettered_at" or "ts" => DeadLetterColumnRole.Time,
        _ => DeadLetterColumnRole.None,
    };

    /// <summary>
    /// Why <paramref name="schema"/> cannot be a dead-letter table (no dead-letter column at all, or one of a type
    /// that cannot hold its value), or null when it can.
    /// </summary>
    public static string? Check(RowSchema schema)
    {
        var any = false;
        foreach (var field in schema.Fields)
        {
            var role = RoleOf(field.Name);
            if (role == DeadLetterColumnRole.None) continue;
            any = true;
            var kind = field.Type.Kind;
            var fits = role switch
            {
                DeadLetterColumnRole.Raw => kind is SqlTypeKind.VarChar or SqlTypeKind.Char or SqlTypeKind.Bytes,
                DeadLetterColumnRole.Time => kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz,
                _ => kind is SqlTypeKind.VarChar or SqlTypeKind.Char,
            };
            if (!fits)
            {
                var expected = role switch
                {
                    DeadLetterColumnRole.Raw => "STRING or BYTES",
                    DeadLetterColumnRole.Time => "TIMESTAMP(3) or TIMESTAMP_LTZ(3)",
                    _ => "STRING",
                };
                return $"column '{field.Name}' must be {expected}, found {field.Type}";
            }
        }
        return any ? null : $"it has none of the dead-letter columns ({string.Join(", ", Names)})";
    }
}
