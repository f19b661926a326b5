namespace Bsql.Runtime.State.Spill;

/// <summary>The key of <paramref name="Row"/> at <paramref name="Columns"/>, not copied out (a probe of <see cref="RowKeyLookup"/>).</summary>
internal readonly record struct KeyColumns(object?[] Row, int[] Columns);
