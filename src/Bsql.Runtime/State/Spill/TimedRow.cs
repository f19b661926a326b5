namespace Bsql.Runtime.State.Spill;

/// <summary>
/// A buffered row with its time (for a left row of the delayed window join: its fire time), its
/// arrival sequence number (ties are broken by arrival) and its estimated size in memory.
/// </summary>
internal readonly record struct TimedRow(long Time, long Seq, object?[] Row, int Size);
