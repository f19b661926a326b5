using Bsql.Planner.Physical;

namespace Bsql.Runtime.Formats;

/// <summary>
/// A record or row on its way to a dead-letter table (columns: <see cref="DeadLetterColumns"/>): what it was, why it was
/// set aside, and where it came from.
/// </summary>
/// <param name="DeadLetterTable">The dead-letter table (named by <c>'&lt;format&gt;.dead-letter'</c>, <c>'lookup.dead-letter'</c>, ...).</param>
/// <param name="SourceTable">The table the record was read for, the dimension table of a failed lookup, or the operator.</param>
/// <param name="Location">Where the record was (<c>file:line</c>, <c>topic/partition@offset</c>, a lookup key).</param>
/// <param name="Raw">The record's bytes, or the row rendered as a JSON object in UTF-8.</param>
/// <param name="Reason">Why it was set aside.</param>
public sealed record DeadLetterRecord(string DeadLetterTable, string SourceTable, string Location, byte[] Raw, string Reason)
{
    /// <summary>What set it aside: <see cref="DeadLetterColumns.KindDecode"/> (the default), <see cref="DeadLetterColumns.KindLookup"/>, ...</summary>
    public string Kind { get; init; } = DeadLetterColumns.KindDecode;

    /// <summary>When it was set aside (job clock); the queue stamps it when left null.</summary>
    public DateTimeOffset? Time { get; init; }
}
