namespace Bsql.Planner.Physical;

/// <summary>An ORDER BY key: input column and direction (NULLs sort first ascending, last descending, as in Flink).</summary>
public sealed record SortKey(int Index, bool Descending);
