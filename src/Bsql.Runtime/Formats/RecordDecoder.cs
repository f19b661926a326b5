using System.Text;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Metrics;

namespace Bsql.Runtime.Formats;

/// <summary>
/// A decoder with the table's error policy (language spec, "Formats"): an undecodable record is
/// skipped and counted (<c>'&lt;format&gt;.ignore-parse-errors' = 'true'</c>), routed to the dead-letter
/// table and counted (<c>'&lt;format&gt;.dead-letter' = 'table'</c>), or else fails the job with BSQL4101.
/// </summary>
public sealed class RecordDecoder
{
    private readonly IRowDecoder _decoder;
    private readonly string _table;
    private readonly bool _ignoreErrors;
    private readonly string? _deadLetterTable;
    private readonly IDeadLetterQueue? _deadLetters;
    private readonly FormatMetrics _metrics;

    /// <summary>Wraps <paramref name="decoder"/> with a policy.</summary>
    public RecordDecoder(IRowDecoder decoder, string table, bool ignoreErrors, string? deadLetterTable, IDeadLetterQueue? deadLetters, FormatMetrics metrics)
    {
        _decoder = decoder;
        _table = table;
        _ignoreErrors = ignoreErrors;
        _deadLetterTable = deadLetterTable;
        _deadLetters = deadLetters;
        _metrics = metrics;
        if (deadLetterTable is not null && (deadLetters is null || !deadLetters.Knows(deadLetterTable)))
        {
            throw new BsqlRuntimeException(RuntimeErrors.UnknownDeadLetterTable,
                $"table '{table}': dead-letter table '{deadLetterTable}' is not a sink of this job");
        }
    }

    /// <summary>
    /// Decodes <paramref name="record"/> into <paramref name="row"/>; false when the record was skipped or
    /// dead-lettered (the row is then garbage). <paramref name="location"/> (e.g. <c>file:12</c>) is only
    /// formatted on error.
    /// </summary>
    public bool Decode<TLocation>(ReadOnlySpan<byte> record, object?[] row, TLocation location)
        where TLocation : notnull
    {
        if (_decoder.TryDecode(record, row, out var error)) return true;
        var reason = error ?? "undecodable record";
        if (_deadLetterTable is not null)
        {
            _metrics.AddDeadLettered();
            _deadLetters!.Add(new DeadLetterRecord(_deadLetterTable, _table, location.ToString() ?? "", record.ToArray(), reason));
            return false;
        }
        if (_ignoreErrors)
        {
            _metrics.AddSkipped();
            return false;
        }
        var text = Encoding.UTF8.GetString(record.Length > 200 ? record[..200] : record);
        throw new BsqlRuntimeException(RuntimeErrors.ParseError,
            $"table '{_table}': cannot decode record at {location}: {reason}: {text}"
            + " (set 'ignore-parse-errors' or 'dead-letter' on the format to skip such records)");
    }
}
