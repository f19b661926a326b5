namespace Bsql.Runtime.Connectors.HBase;

/// <summary>The <c>value.encoding</c> option: how cell values (and the row key) hold column values.</summary>
public enum HBaseValueEncoding
{
    /// <summary><c>binary</c>: HBase's <c>Bytes.toBytes</c> forms (big-endian numbers, UTF-8 strings), as Flink's HBase connector.</summary>
    Binary,

    /// <summary><c>text</c>: every cell is UTF-8 text cast to the column type.</summary>
    Text,
}
