namespace Bsql.Runtime.Formats;

/// <summary>An undecodable record on its way to the dead-letter table: the raw bytes, why, and where it came from.</summary>
/// <param name="DeadLetterTable">The table named by <c>'&lt;format&gt;.dead-letter'</c>.</param>
/// <param name="SourceTable">The table the record was read for.</param>
/// <param name="Location">Where the record was (<c>file:line</c>, <c>topic/partition@offset</c>).</param>
/// <param name="Raw">The record's bytes.</param>
/// <param name="Reason">Why it could not be decoded.</param>
public sealed record DeadLetterRecord(string DeadLetterTable, string SourceTable, string Location, byte[] Raw, string Reason);
