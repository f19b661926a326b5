using System.Text;
using Bsql.Planner.Types;
using Bsql.Runtime.Execution;
using Bsql.Runtime.Lookup;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// Maps rows of an <c>hbase</c> table's schema to HBase rows and back, as Flink's HBase connector does: the one
/// column that is not a ROW is the row key; each <c>ROW&lt;...&gt;</c> column is a column family whose field names
/// are the qualifiers. A family without cells reads as a ROW of NULLs; NULL fields are not written.
/// </summary>
public sealed class HBaseRowMapper
{
    private readonly RowSchema _schema;
    private readonly HBaseValueEncoding _encoding;
    private readonly int _rowKey;
    private readonly Dictionary<string, (int Column, Dictionary<string, int> Qualifiers)> _families = new(StringComparer.Ordinal);
    private readonly byte[][][] _columnNames;

    /// <summary>A mapper for <paramref name="schema"/>.</summary>
    /// <exception cref="BsqlRuntimeException">The schema has no or several atomic columns (BSQL4001).</exception>
    public HBaseRowMapper(RowSchema schema, HBaseValueEncoding encoding)
    {
        _schema = schema;
        _encoding = encoding;
        _rowKey = -1;
        _columnNames = new byte[schema.Count][][];
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            if (field.Type.Kind != SqlTypeKind.Row)
            {
                if (_rowKey >= 0)
                {
                    throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue,
                        $"an hbase table has one row key column and ROW columns (one per column family); '{schema[_rowKey].Name}' and '{field.Name}' are both atomic");
                }
                _rowKey = i;
                continue;
            }
            var qualifiers = new Dictionary<string, int>(StringComparer.Ordinal);
            _columnNames[i] = new byte[field.Type.Fields.Length][];
            for (var q = 0; q < field.Type.Fields.Length; q++)
            {
                qualifiers[field.Type.Fields[q].Name] = q;
                _columnNames[i][q] = Encoding.UTF8.GetBytes(field.Name + ":" + field.Type.Fields[q].Name);
            }
            _families[field.Name] = (i, qualifiers);
        }
        if (_rowKey < 0) throw new BsqlRuntimeException(RuntimeErrors.BadOptionValue, "an hbase table needs a row key column (an atomic column besides the ROW column families)");
    }

    /// <summary>Position of the row key column.</summary>
    public int RowKeyColumn => _rowKey;

    /// <summary>The row key bytes of a row key value.</summary>
    public byte[] EncodeKey(object key) => HBaseBytes.ToBytes(key, _schema[_rowKey].Type, _encoding);

    /// <summary>The HBase row for <paramref name="row"/>.</summary>
    public HBaseRow Encode(object?[] row)
    {
        var key = row[_rowKey] ?? throw new ArgumentException("an hbase row key cannot be NULL", nameof(row));
        var cells = new List<HBaseCell>();
        for (var i = 0; i < _schema.Count; i++)
        {
            if (i == _rowKey || row[i] is not object?[] family) continue;
            var fields = _schema[i].Type.Fields;
            for (var q = 0; q < fields.Length && q < family.Length; q++)
            {
                if (family[q] is { } value) cells.Add(new HBaseCell(_columnNames[i][q], null, HBaseBytes.ToBytes(value, fields[q].Type, _encoding)));
            }
        }
        return new HBaseRow(EncodeKey(key), cells);
    }

    /// <summary>The row of the schema that <paramref name="hbaseRow"/> holds (cells of unknown columns ignored, first version wins).</summary>
    public object?[] Decode(HBaseRow hbaseRow)
    {
        var row = new object?[_schema.Count];
        row[_rowKey] = HBaseBytes.FromBytes(hbaseRow.Key, _schema[_rowKey].Type, _encoding);
        foreach (var (column, _) in _families.Values) row[column] = new object?[_schema[column].Type.Fields.Length];
        var seen = new HashSet<(int, int)>();
        foreach (var cell in hbaseRow.Cells)
        {
            var colon = Array.IndexOf(cell.Column, (byte)':');
            if (colon < 0) continue;
            var familyName = Encoding.UTF8.GetString(cell.Column, 0, colon);
            var qualifier = Encoding.UTF8.GetString(cell.Column, colon + 1, cell.Column.Length - colon - 1);
            if (!_families.TryGetValue(familyName, out var family) || !family.Qualifiers.TryGetValue(qualifier, out var q)) continue;
            if (!seen.Add((family.Column, q))) continue;
            ((object?[])row[family.Column]!)[q] = HBaseBytes.FromBytes(cell.Value, _schema[family.Column].Type.Fields[q].Type, _encoding);
        }
        return row;
    }
}
