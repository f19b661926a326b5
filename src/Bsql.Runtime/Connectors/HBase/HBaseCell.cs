namespace Bsql.Runtime.Connectors.HBase;

/// <summary>One cell of an HBase row: <c>family:qualifier</c>, timestamp and value, as raw bytes.</summary>
public sealed record HBaseCell(byte[] Column, long? Timestamp, byte[] Value);
