namespace Bsql.Planner.Types;

/// <summary>A named field of a <c>ROW</c> type or of an operator's output schema.</summary>
public sealed record RowField(string Name, SqlType Type);
