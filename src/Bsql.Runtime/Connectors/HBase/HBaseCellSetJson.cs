using System.Buffers;
using System.Text.Json;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// The JSON form of HBase REST's <c>CellSet</c>:
/// <c>{"Row":[{"key":"&lt;b64&gt;","Cell":[{"column":"&lt;b64 family:qualifier&gt;","timestamp":1,"$":"&lt;b64 value&gt;"}]}]}</c>.
/// </summary>
public static class HBaseCellSetJson
{
    /// <summary>Reads a cell set (an empty list for an empty body).</summary>
    /// <exception cref="FormatException">The body is not a cell set.</exception>
    public static List<HBaseRow> Read(ReadOnlySpan<byte> json)
    {
        var rows = new List<HBaseRow>();
        if (json.IsEmpty) return rows;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (!document.RootElement.TryGetProperty("Row", out var rowArray)) return rows;
            foreach (var row in rowArray.EnumerateArray())
            {
                var key = row.GetProperty("key").GetBytesFromBase64();
                var cells = new List<HBaseCell>();
                if (row.TryGetProperty("Cell", out var cellArray))
                {
                    foreach (var cell in cellArray.EnumerateArray())
                    {
                        var column = cell.GetProperty("column").GetBytesFromBase64();
                        long? timestamp = cell.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetInt64() : null;
                        var value = cell.TryGetProperty("$", out var v) && v.ValueKind == JsonValueKind.String ? v.GetBytesFromBase64() : [];
                        cells.Add(new HBaseCell(column, timestamp, value));
                    }
                }
                rows.Add(new HBaseRow(key, cells));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not an HBase REST cell set: " + e.Message, e);
        }
        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> as a cell set.</summary>
    public static byte[] Write(IReadOnlyList<HBaseRow> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * Math.Max(1, rows.Count));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Row");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("key", row.Key);
                writer.WriteStartArray("Cell");
                foreach (var cell in row.Cells)
                {
                    writer.WriteStartObject();
                    writer.WriteBase64String("column", cell.Column);
                    if (cell.Timestamp is { } timestamp) writer.WriteNumber("timestamp", timestamp);
                    writer.WriteBase64String("$", cell.Value);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
