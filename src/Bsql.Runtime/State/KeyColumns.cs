namespace Bsql.Runtime.State;

/// <summary>The key of <see cref="Row"/> at <see cref="Columns"/>, not yet copied out (see <see cref="RowKeyComparer"/>).</summary>
internal readonly record struct KeyColumns(object?[] Row, int[] Columns);
