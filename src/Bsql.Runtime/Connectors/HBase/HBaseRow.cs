namespace Bsql.Runtime.Connectors.HBase;

/// <summary>An HBase row as HBase REST carries it: its key and cells.</summary>
public sealed record HBaseRow(byte[] Key, IReadOnlyList<HBaseCell> Cells);
